// `npm run score:analyze`: ficus's table facts against hand-read answer keys of real monoliths
// (bench/analyze/answer-keys/*.json, files of the snapshots in ../shared/corpus). Per repo:
// precision and recall of (file, table, read|write) pairs and recall of (file, table). Only the
// files a key lists are scored. Then routes against answer-keys/routes/ (score-routes.ts).
// Usage: npm run score:analyze [-- --corpus <dir>]
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAnalyzerConfig } from '../../analyzer/config.js';
import { extractFacts } from '../../analyzer/extract/extract-facts.js';
import { corpusDir } from './corpus.js';
import { scoreRoutes } from './score-routes.js';

interface AnswerKey {
  repo: string;
  folder: string; // under the corpus folder
  files: Record<string, { reads: string[]; writes: string[] }>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const corpus = corpusDir('score:analyze');

const keysDir = path.join(here, 'answer-keys');
const ratio = (hits: number, n: number) => (n ? hits / n : 1);
const rows: string[] = [];
const misses: string[] = [];
for (const name of readdirSync(keysDir).filter((f) => f.endsWith('.json')).sort()) {
  const key = JSON.parse(readFileSync(path.join(keysDir, name), 'utf8')) as AnswerKey;
  const root = path.join(corpus, key.folder);
  const facts = await extractFacts(root, { config: loadAnalyzerConfig(root) });
  const expected = new Set<string>();
  const found = new Set<string>();
  for (const [file, k] of Object.entries(key.files)) {
    for (const t of k.reads) expected.add(`${file} ${t} read`);
    for (const t of k.writes) expected.add(`${file} ${t} write`);
    for (const t of facts.modules.find((m) => m.path === file)?.tables ?? []) {
      if (t.read) found.add(`${file} ${t.table} read`);
      if (t.write) found.add(`${file} ${t.table} write`);
    }
  }
  const hits = [...found].filter((p) => expected.has(p)).length;
  const tablesOf = (pairs: Set<string>) => new Set([...pairs].map((p) => p.split(' ').slice(0, 2).join(' ')));
  const expectedTables = tablesOf(expected);
  const foundTables = tablesOf(found);
  const tableHits = [...foundTables].filter((t) => expectedTables.has(t)).length;
  rows.push(
    `| ${key.repo} | ${Object.keys(key.files).length} | ${expected.size} | ${ratio(hits, found.size).toFixed(3)} | ${ratio(hits, expected.size).toFixed(3)} | ${ratio(tableHits, expectedTables.size).toFixed(3)} | ${facts.stats.styles?.data.join(', ') ?? ''} |`,
  );
  for (const p of expected) if (!found.has(p)) misses.push(`${key.repo}: missed ${p}`);
  for (const p of found) if (!expected.has(p)) misses.push(`${key.repo}: extra ${p}`);
}
console.log('| repo | files | pairs | pair precision | pair recall | table recall | data styles |');
console.log('|---|---:|---:|---:|---:|---:|---|');
for (const r of rows) console.log(r);
if (misses.length) console.log(`\n${misses.join('\n')}`);
await scoreRoutes(corpus, path.join(keysDir, 'routes'));

// The routes half of `npm run score:analyze`: ficus's routes against hand-read route answer keys
// (bench/analyze/answer-keys/routes/*.json: per file, every "METHOD /full/path" a client can call
// that the file declares). Per repo: precision and recall of (file, method, path); only the files a
// key lists are scored, and a listed file with no routes counts any route found there as extra.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadAnalyzerConfig } from '../../analyzer/config.js';
import { extractFacts } from '../../analyzer/extract/extract-facts.js';

interface RouteAnswerKey {
  repo: string;
  folder: string; // under the corpus folder
  files: Record<string, string[]>;
}

const ratio = (hits: number, n: number) => (n ? hits / n : 1);

/** Prints the route score table for every key in `keysDir`, and what was missed or extra. */
export async function scoreRoutes(corpus: string, keysDir: string): Promise<void> {
  const rows: string[] = [];
  const misses: string[] = [];
  for (const name of readdirSync(keysDir).filter((f) => f.endsWith('.json')).sort()) {
    const key = JSON.parse(readFileSync(path.join(keysDir, name), 'utf8')) as RouteAnswerKey;
    const root = path.join(corpus, key.folder);
    const facts = await extractFacts(root, { config: loadAnalyzerConfig(root) });
    const expected = new Set(Object.entries(key.files).flatMap(([file, routes]) => routes.map((r) => `${file} ${r}`)));
    const found = new Set(facts.routes.filter((r) => r.file in key.files).map((r) => `${r.file} ${r.method} ${r.path}`));
    const hits = [...found].filter((r) => expected.has(r)).length;
    rows.push(`| ${key.repo} | ${Object.keys(key.files).length} | ${expected.size} | ${ratio(hits, found.size).toFixed(3)} | ${ratio(hits, expected.size).toFixed(3)} | ${(facts.stats.styles?.routes ?? []).join(', ')} |`);
    for (const r of expected) if (!found.has(r)) misses.push(`${key.repo}: missed ${r}`);
    for (const r of found) if (!expected.has(r)) misses.push(`${key.repo}: extra ${r}`);
  }
  console.log('\n| repo | files | routes | route precision | route recall | route styles |');
  console.log('|---|---:|---:|---:|---:|---|');
  for (const r of rows) console.log(r);
  if (misses.length) console.log(`\n${misses.join('\n')}`);
}

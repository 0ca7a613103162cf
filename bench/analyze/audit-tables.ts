// `npm run audit:tables`: "no table that is not a table" on the corpus. Analyses each corpus repo and
// lists every table name ficus reports that the repo's own schema does not declare, with the calls it
// came from. The schema is read here by plain text patterns, apart from the analyzer, so the check
// does not share its mistakes: knex / Sequelize migrations (createTable, renameTable), Objection and
// Bookshelf `tableName`, Sequelize `tableName:`, TypeORM / MikroORM `@Entity`, Prisma models with
// `@@map`, and raw `CREATE TABLE` / `ALTER TABLE … RENAME TO` in code and .sql files.
// Usage: npm run audit:tables [-- --corpus <dir>]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadAnalyzerConfig } from '../../analyzer/config.js';
import { extractFacts } from '../../analyzer/extract/extract-facts.js';
import { isTestPath } from '../../analyzer/extract/list-sources.js';
import { CORPUS_FOLDERS, corpusDir } from './corpus.js';

const NAME = String.raw`['"\`]([\w.]+)['"\`]`;
const DECLARATIONS = [
  new RegExp(String.raw`\b(?:createTable|createTableIfNotExists)\(\s*${NAME}`, 'g'),
  new RegExp(String.raw`\brenameTable\(\s*${NAME}\s*,\s*${NAME}`, 'g'),
  new RegExp(String.raw`\btableName\s*(?:\(\)\s*(?::\s*\w+\s*)?\{\s*return\s*|[:=]\s*)${NAME}`, 'g'),
  new RegExp(String.raw`@Entity\(\s*(?:\{[^}]*?(?:name|tableName)\s*:\s*)?${NAME}`, 'g'),
  /@@map\(\s*"(\w+)"/g,
  /\bCREATE\s+(?:TEMP(?:ORARY)?\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?[`"[]?([\w.]+)/gi,
  /\bALTER\s+TABLE\s+[`"[]?[\w.]+[`"\]]?\s+RENAME\s+TO\s+[`"[]?([\w.]+)/gi,
];
const SOURCE = /\.(m?[jt]sx?|cjs|cts|sql|prisma)$/;
const SKIP = new Set(['node_modules', '.git', 'dist', 'build']);

// Application sources: a table only tests create is no table of the application.
function* sources(root: string, dir = root): Generator<string> {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (SKIP.has(name) || isTestPath(path.relative(root, full))) continue;
    const st = statSync(full);
    if (st.isDirectory()) yield* sources(root, full);
    else if (SOURCE.test(name) && st.size < 1_000_000) yield full;
  }
}

/** Every table name the tree's schema declares (schema prefixes dropped), with Prisma model names too. */
export function declaredTables(root: string): Set<string> {
  const out = new Set<string>();
  for (const file of sources(root)) {
    const text = readFileSync(file, 'utf8');
    for (const re of DECLARATIONS) for (const m of text.matchAll(re)) for (const name of m.slice(1)) if (name) out.add(name.split('.').pop()!);
    if (file.endsWith('.prisma')) for (const m of text.matchAll(/^model\s+(\w+)\s*\{/gm)) out.add(m[1]);
  }
  return out;
}

const corpus = corpusDir('audit:tables');
let total = 0;
for (const folder of CORPUS_FOLDERS) {
  const root = path.join(corpus, folder);
  const declared = declaredTables(root);
  const lower = new Set([...declared].map((d) => d.toLowerCase()));
  const facts = await extractFacts(root, { config: loadAnalyzerConfig(root) });
  const reported = [...new Set(facts.accesses.map((a) => a.table))].sort();
  const undeclared = reported.filter((t) => !declared.has(t));
  total += undeclared.length;
  console.log(`\n## ${folder}: ${reported.length} tables reported, ${declared.size} declared by its schema, ${undeclared.length} not declared`);
  for (const table of undeclared) {
    const sites = facts.accesses.filter((a) => a.table === table);
    const cased = lower.has(table.toLowerCase()) ? ' (declared in another case)' : '';
    console.log(`- ${table}${cased}: ${sites.length} access${sites.length === 1 ? '' : 'es'}`);
    for (const s of sites.slice(0, 5)) console.log(`    ${s.site ? `${s.site.file}:${s.site.line}` : `${s.file}:${s.line}`} ${s.read ? 'r' : ''}${s.write ? 'w' : ''} ${s.call}`);
    if (sites.length > 5) console.log(`    … and ${sites.length - 5} more`);
  }
}
console.log(`\n${total} reported table name${total === 1 ? '' : 's'} not declared by a schema`);

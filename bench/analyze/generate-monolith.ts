// Writes a seeded synthetic express + knex monolith of about `files` source files: per domain a
// table-constants file, repositories (knex chains, imported constants and maps, raw SQL), services,
// routers mounted from app.ts, and shared lib/ helpers imported everywhere.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createSeededRng } from '../../analyzer/seams/seeded-rng.js';

const FILES_PER_DOMAIN = 18; // tables + 8 repositories + 7 services + routes + index

/** Generates the tree under `dir`; returns the number of source files written. */
export function generateMonolith(dir: string, files: number, seed = 1): number {
  const rand = createSeededRng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const domains = Math.max(1, Math.round((files - 4) / FILES_PER_DOMAIN));
  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  };
  let written = 0;
  const emit = (rel: string, text: string) => (write(rel, text), written++);
  write('tsconfig.json', JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }));
  emit('src/lib/db.ts', "import knex from 'knex';\nexport const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });\n");
  emit('src/lib/log.ts', "export function log(message: string, data: object = {}): void {\n  process.stdout.write(JSON.stringify({ message, ...data }) + '\\n');\n}\n");
  emit('src/lib/page.ts', 'export interface Page { limit: number; offset: number }\nexport function toPage(q: Record<string, unknown>): Page {\n  return { limit: Number(q.limit ?? 20), offset: Number(q.offset ?? 0) };\n}\n');
  const names = Array.from({ length: domains }, (_, d) => `d${d}`);
  const mounts: string[] = [];
  for (const d of names) {
    const tables = [`${d}_items`, `${d}_events`, `${d}_links`];
    emit(`src/${d}/tables.ts`, `export const T = { ITEMS: '${tables[0]}', EVENTS: '${tables[1]}', LINKS: '${tables[2]}' } as const;\nexport const AUDIT = '${d}_audit';\n`);
    const repos = 8;
    for (let r = 0; r < repos; r++) {
      const other = pick(names);
      const body = [
        `import { db } from '../lib/db.js';`,
        `import { T, AUDIT } from './tables.js';`,
        `import { T as O } from '../${other}/tables.js';`,
        `import type { Page } from '../lib/page.js';`,
        ``,
        `export async function list${r}(page: Page) {`,
        `  return db(\`\${T.ITEMS} as i\`).leftJoin(\`\${O.LINKS} as l\`, 'l.item_id', 'i.id').select('i.*').limit(page.limit).offset(page.offset);`,
        `}`,
        `export async function find${r}(id: number) {`,
        `  return db(T.ITEMS).where({ id }).first();`,
        `}`,
        `export async function save${r}(row: Record<string, unknown>) {`,
        `  await db(AUDIT).insert({ kind: 'save', at: new Date().toISOString() });`,
        `  return db(T.ITEMS).insert(row).returning('id');`,
        `}`,
        `export async function stats${r}() {`,
        `  return db.raw(\`WITH recent AS (SELECT * FROM \${T.EVENTS} WHERE created_at > now() AND kind = ${r}) SELECT count(*) FROM recent JOIN ${tables[0]} i ON i.id = recent.item_id\`);`,
        `}`,
        ...Array.from({ length: 4 + Math.floor(rand() * 8) }, (_, k) => `export function helper${r}_${k}(x: number): number {\n  const y = x * ${k + 1};\n  return y > 10 ? y - ${k} : y + ${k};\n}`),
      ];
      emit(`src/${d}/repo-${r}.ts`, body.join('\n') + '\n');
    }
    for (let s = 0; s < 7; s++) {
      const other = pick(names);
      emit(
        `src/${d}/service-${s}.ts`,
        [
          `import { list${s}, find${s}, save${s} } from './repo-${s}.js';`,
          `import { find0 } from '../${other}/repo-0.js';`,
          `import { log } from '../lib/log.js';`,
          `import type { Page } from '../lib/page.js';`,
          `export async function get${s}(id: number) {\n  const row = await find${s}(id);\n  if (!row) return undefined;\n  const linked = await find0(Number(row.link_id ?? 0));\n  log('got', { id });\n  return { ...row, linked };\n}`,
          `export async function all${s}(page: Page) {\n  return list${s}(page);\n}`,
          `export async function put${s}(row: Record<string, unknown>) {\n  return save${s}(row);\n}`,
        ].join('\n') + '\n',
      );
    }
    emit(
      `src/${d}/routes.ts`,
      [
        `import { Router } from 'express';`,
        `import { toPage } from '../lib/page.js';`,
        ...Array.from({ length: 7 }, (_, s) => `import { get${s}, all${s}, put${s} } from './service-${s}.js';`),
        `export const router = Router();`,
        ...Array.from({ length: 7 }, (_, s) => `router.get('/r${s}', async (req, res) => { res.json(await all${s}(toPage(req.query))); });\nrouter.get('/r${s}/:id', async (req, res) => { res.json(await get${s}(Number(req.params.id))); });\nrouter.route('/r${s}/:id/edit').put(async (req, res) => { res.json(await put${s}(req.body)); });`),
      ].join('\n') + '\n',
    );
    emit(`src/${d}/index.ts`, `export { router as ${d}Router } from './routes.js';\n`);
    mounts.push(d);
  }
  emit(
    'src/app.ts',
    [
      `import express from 'express';`,
      ...mounts.map((d) => `import { ${d}Router } from './${d}/index.js';`),
      `export const app = express();`,
      `const api = express.Router();`,
      ...mounts.map((d) => `api.use('/${d}', ${d}Router);`),
      `app.use('/api', api);`,
    ].join('\n') + '\n',
  );
  return written;
}

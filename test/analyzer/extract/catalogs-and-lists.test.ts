// System catalogs are reported apart; finite constant lists of table names are expanded.
import { describe, expect, it } from 'vitest';
import { codes, extractTree, tableAccess } from './tiny-tree.js';

const DB = { 'src/db.ts': "import knex from 'knex';\nexport const db = knex({ client: 'pg' });\n" };

describe('system catalogs', () => {
  it('information_schema, pg_catalog, sys, sqlite_master and pg_* views are catalogReads, not tables', async () => {
    const facts = await extractTree({
      ...DB,
      'src/dialects/postgres.ts': `import { db } from '../db';
export const columns = (t: string) => db('information_schema.columns').where({ table_name: t });
export const tables = () => db.raw("SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = 'public'");
export const views = () => db.select('viewname').from('pg_views');`,
      'src/dialects/mysql.ts': "import { db } from '../db';\nexport const tables = () => db.raw('SELECT table_name FROM information_schema.TABLES WHERE table_schema = DATABASE()');\n",
      'src/dialects/mssql.ts': "import { db } from '../db';\nexport const cols = () => db('sys.columns').select('name');\n",
      'src/dialects/sqlite.ts': "import { db } from '../db';\nexport const tables = () => db('sqlite_master').where({ type: 'table' });\nexport const real = () => db('orders').first();\n",
    });
    expect(tableAccess(facts)).toEqual({ 'src/dialects/sqlite.ts': ['orders:r'] });
    expect(facts.catalogReads.map((c) => `${c.file}:${c.line} ${c.name}`).sort()).toEqual([
      'src/dialects/mssql.ts:2 sys.columns',
      'src/dialects/mysql.ts:2 information_schema.TABLES',
      'src/dialects/postgres.ts:2 information_schema.columns',
      'src/dialects/postgres.ts:3 pg_catalog.pg_tables',
      'src/dialects/postgres.ts:4 pg_views',
      'src/dialects/sqlite.ts:2 sqlite_master',
    ]);
  });
});

describe('constant lists of table names', () => {
  it('for…of and forEach over a literal array in the file are expanded; a list that varies stays dynamic', async () => {
    const facts = await extractTree({
      ...DB,
      'src/cleanup.ts': `import { db } from './db';
const TASKS = [
  { table: 'sessions', column: 'expires_at' },
  { table: 'password_resets', column: 'created_at' },
] as const;
const ARCHIVES = ['old_orders', 'old_carts'];
export async function purge(extra: string[]) {
  for (const task of TASKS) await db(task.table).where(task.column, '<', new Date()).del();
  for (const { table } of TASKS) await db(table).count();
  ARCHIVES.forEach((name) => db(name).truncate());
  for (const t of extra) await db(t).del();
}`,
    });
    expect(tableAccess(facts)['src/cleanup.ts']).toEqual(['old_carts:w', 'old_orders:w', 'password_resets:rw', 'sessions:rw']);
    expect(codes(facts)).toEqual(['DYNAMIC_TABLE src/cleanup.ts:11']);
  });
});

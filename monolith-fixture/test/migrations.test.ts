// Migrations up and down on SQLite and PostgreSQL: every table appears, then none is left.
import { afterAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { connectDb } from '../src/db/connect.js';
import { migrateLatest, migrateRollback } from '../src/db/migrate.js';
import { createPgDatabase, pgTitle, pgUrl } from '../../test/support/pg.js';
import { fixtureDir } from './http.js';

/** Table names as the migration sources create them, read from the tree. */
function tablesInMigrations(): string[] {
  const dir = path.join(fixtureDir, 'src', 'db', 'migrations');
  return readdirSync(dir)
    .filter((f) => /^\d{3}-.*\.ts$/.test(f))
    .flatMap((f) => [...readFileSync(path.join(dir, f), 'utf8').matchAll(/createTable\('([a-z_]+)'/g)].map((m) => m[1]));
}

async function existing(knex: Knex, tables: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const t of tables) if (await knex.schema.hasTable(t)) found.push(t);
  return found;
}

async function checkUpAndDown(knex: Knex): Promise<void> {
  const tables = tablesInMigrations();
  expect(tables.length).toBeGreaterThanOrEqual(20);
  const applied = await migrateLatest(knex);
  expect(applied).toHaveLength(10);
  expect(await existing(knex, tables)).toEqual(tables);
  expect(await migrateLatest(knex)).toEqual([]);
  const undone = await migrateRollback(knex);
  expect(undone).toHaveLength(10);
  expect(await existing(knex, tables)).toEqual([]);
  // And up again: down left nothing behind that blocks a fresh start.
  expect(await migrateLatest(knex)).toHaveLength(10);
}

describe('migrations on SQLite', () => {
  it('create every table, roll back to nothing, and apply again', async () => {
    const knex = connectDb(':memory:');
    try {
      await checkUpAndDown(knex);
    } finally {
      await knex.destroy();
    }
  });
});

describe.skipIf(!pgUrl)(pgTitle('migrations on PostgreSQL'), () => {
  const dbs: { drop: () => Promise<void> }[] = [];
  afterAll(async () => {
    for (const d of dbs) await d.drop();
  });

  it('create every table with its foreign keys, roll back to nothing, and apply again', async () => {
    const db = await createPgDatabase('shop_t');
    dbs.push(db);
    const knex = connectDb(db.url);
    try {
      await checkUpAndDown(knex);
    } finally {
      await knex.destroy();
    }
  });
});

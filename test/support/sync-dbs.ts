// Database pairs for the data sync tests: real SQLite files, and real PostgreSQL databases when FICUS_TEST_PG is set.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { openKnex } from '../../services/kit/db/open-knex.js';
import { createMysqlDatabase } from './mysql.js';
import { createPgDatabase, pgUrl } from './pg.js';

export interface DatabaseMaker {
  engine: 'sqlite' | 'postgres' | 'mysql';
  /** A fresh, empty database; its URL. */
  create(name: string): Promise<string>;
  cleanup(): Promise<void>;
}

export function sqliteMaker(): DatabaseMaker {
  const dir = mkdtempSync(path.join(tmpdir(), 'ficus-sync-'));
  return {
    engine: 'sqlite',
    create: async (name) => `sqlite:${path.join(dir, `${name}-${Math.random().toString(36).slice(2, 8)}.db`)}`,
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function postgresMaker(): DatabaseMaker {
  const drops: (() => Promise<void>)[] = [];
  return {
    engine: 'postgres',
    create: async () => {
      const db = await createPgDatabase('ficus_sync');
      drops.push(db.drop);
      return db.url;
    },
    cleanup: async () => void (await Promise.all(drops.map((d) => d()))),
  };
}

export function mysqlMaker(): DatabaseMaker {
  const drops: (() => Promise<void>)[] = [];
  return {
    engine: 'mysql',
    create: async () => {
      const db = await createMysqlDatabase('ficus_sync');
      drops.push(db.drop);
      return db.url;
    },
    cleanup: async () => void (await Promise.all(drops.map((d) => d()))),
  };
}

/** The engines to run a suite on: SQLite always, PostgreSQL when the test server is configured. */
export function syncEngines(): { name: string; engine: 'sqlite' | 'postgres'; skip: boolean; make: () => DatabaseMaker }[] {
  return [
    { name: 'SQLite → SQLite', engine: 'sqlite', skip: false, make: sqliteMaker },
    { name: pgUrl ? 'PostgreSQL → PostgreSQL [postgres]' : 'PostgreSQL → PostgreSQL [skipped: no FICUS_TEST_PG]', engine: 'postgres', skip: !pgUrl, make: postgresMaker },
  ];
}

export async function withDb<T>(url: string, fn: (knex: Knex) => Promise<T>): Promise<T> {
  const { knex } = openKnex(url);
  try {
    return await fn(knex);
  } finally {
    await knex.destroy();
  }
}

/** A catalog-like schema: products referencing categories, with a decimal, a boolean, a timestamp and JSON. */
export async function createShop(url: string, products = 200): Promise<void> {
  await withDb(url, async (knex) => {
    await knex.schema.createTable('categories', (t) => {
      t.increments('id');
      t.string('name', 80).notNullable();
    });
    await knex.schema.createTable('products', (t) => {
      t.increments('id');
      t.string('sku', 32).notNullable();
      t.decimal('price', 12, 2).notNullable();
      t.boolean('in_stock').notNullable();
      t.timestamp('updated_at', { useTz: true });
      t.json('attrs');
      t.integer('category_id').unsigned().notNullable().references('id').inTable('categories'); // unsigned: MySQL's increments are
    });
    await knex('categories').insert([{ name: 'Plants' }, { name: 'Fig trees' }]);
    const rows = Array.from({ length: products }, (_, i) => ({
      sku: `SKU-${i + 1}`,
      price: (i % 90) + 0.5,
      in_stock: i % 3 === 0,
      updated_at: '2024-05-01 10:00:00',
      attrs: JSON.stringify({ size: i % 4 }),
      category_id: (i % 2) + 1,
    }));
    for (let i = 0; i < rows.length; i += 200) await knex('products').insert(rows.slice(i, i + 200));
  });
}

/** The rows of a table as comparable plain values, by id. */
export async function readPrices(url: string): Promise<Map<number, string>> {
  return withDb(url, async (knex) => {
    const rows: { id: number; price: unknown }[] = await knex('products').select('id', 'price').orderBy('id');
    return new Map(rows.map((r) => [Number(r.id), Number(r.price).toFixed(2)]));
  });
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { copyTables, verifyTables } from '../../services/data-copy/copy-tables.js';
import { openKnex } from '../../services/kit/db/open-knex.js';
import { runCli } from '../support/cli.js';
import { createPgDatabase, pgTitle, pgUrl } from '../support/pg.js';

const dir = mkdtempSync(path.join(tmpdir(), 'ficus-copy-'));
const sourceUrl = `sqlite:${path.join(dir, 'monolith.db')}`;
const TABLES = ['order_lines', 'products', 'categories']; // deliberately children first: the copy must reorder
const PRODUCTS = 2_345;

/** A small shop schema with the awkward bits: self-reference, composite key, decimals, booleans, dates, JSON. */
async function createMonolith(url: string): Promise<void> {
  const { knex } = openKnex(url);
  try {
    await knex.schema.createTable('categories', (t) => {
      t.increments('id');
      t.string('name', 80).notNullable();
      t.integer('parent_id').references('id').inTable('categories');
    });
    await knex.schema.createTable('products', (t) => {
      t.increments('id');
      t.string('sku', 32).notNullable();
      t.text('description');
      t.decimal('price', 10, 2).notNullable();
      t.boolean('in_stock').notNullable();
      t.timestamp('updated_at');
      t.json('attrs');
      t.integer('category_id').notNullable().references('id').inTable('categories');
    });
    await knex.schema.createTable('order_lines', (t) => {
      t.integer('order_id').notNullable();
      t.integer('line').notNullable();
      t.integer('product_id').notNullable().references('id').inTable('products');
      t.integer('qty').notNullable();
      t.primary(['order_id', 'line']);
    });
    await knex.schema.createTable('users', (t) => t.increments('id')); // not copied
    await knex('categories').insert([{ id: 1, name: 'Plants', parent_id: null }, { id: 2, name: 'Fig trees', parent_id: 1 }]);
    const products = Array.from({ length: PRODUCTS }, (_, i) => ({
      id: i + 1,
      sku: `SKU-${i + 1}`,
      description: i % 7 === 0 ? null : `Ficus #${i + 1} — “quoted” ünïcode`,
      price: (i % 100) + 0.5,
      in_stock: i % 3 === 0,
      updated_at: i % 5 === 0 ? null : `2024-0${(i % 9) + 1}-1${i % 10} 10:2${i % 10}:00`,
      attrs: JSON.stringify({ size: i % 4, tags: ['green', i % 2 ? 'tall' : 'small'] }),
      category_id: (i % 2) + 1,
    }));
    for (let i = 0; i < products.length; i += 500) await knex('products').insert(products.slice(i, i + 500));
    const lines = Array.from({ length: 300 }, (_, i) => ({ order_id: Math.floor(i / 3) + 1, line: (i % 3) + 1, product_id: (i % PRODUCTS) + 1, qty: (i % 4) + 1 }));
    await knex('order_lines').insert(lines);
  } finally {
    await knex.destroy();
  }
}

async function withDb<T>(url: string, fn: (knex: Knex) => Promise<T>): Promise<T> {
  const { knex } = openKnex(url);
  try {
    return await fn(knex);
  } finally {
    await knex.destroy();
  }
}

beforeAll(async () => {
  await createMonolith(sourceUrl);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ficus data copy: SQLite → SQLite', () => {
  const targetUrl = `sqlite:${path.join(dir, 'catalog.db')}`;

  it('creates the tables, copies every row in FK-safe order, and verifies', async () => {
    const r = await runCli(['data', 'copy', '--from', sourceUrl, '--to', targetUrl, '--tables', TABLES.join(','), '--batch', '500']);
    expect(r.stderr).not.toMatch(/^ficus:/m);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/order: categories, products, order_lines/);
    expect(r.stdout).toMatch(/products\s+ok\s+2345 rows/);
    expect(r.stderr).not.toMatch(/rows \(\d+%\)/); // progress lines are for a terminal; stderr is a pipe here
    await withDb(targetUrl, async (knex) => {
      expect(await knex('products').count({ n: '*' })).toEqual([{ n: PRODUCTS }]);
      expect(await knex('products').where('id', 8).first()).toMatchObject({ sku: 'SKU-8', price: 7.5, in_stock: 0, updated_at: '2024-08-17 10:27:00' });
      expect(await knex.schema.hasTable('users')).toBe(false);
      // The foreign keys came along: an orphan line is refused.
      await expect(knex('order_lines').insert({ order_id: 999, line: 1, product_id: 999_999, qty: 1 })).rejects.toThrow(/FOREIGN KEY/);
    });
  });

  it('is idempotent: a re-run replaces the rows, and picks up rows deleted at the source', async () => {
    await withDb(sourceUrl, (knex) => knex('order_lines').where({ order_id: 100 }).del());
    // The copy gives the event loop a turn between pages (better-sqlite3 itself never does).
    let copying = true;
    let timerRanDuringCopy = false;
    setTimeout(() => (timerRanDuringCopy = copying), 0);
    const again = await copyTables({ from: sourceUrl, to: targetUrl, tables: TABLES, batch: 64 });
    copying = false;
    expect(timerRanDuringCopy).toBe(true);
    expect(again.ok).toBe(true);
    expect(again.created).toEqual([]);
    expect(again.copied).toEqual([
      { table: 'categories', rows: 2 },
      { table: 'products', rows: PRODUCTS },
      { table: 'order_lines', rows: 297 },
    ]);
    const third = await copyTables({ from: sourceUrl, to: targetUrl, tables: TABLES, batch: 1000 });
    expect(third.tables.map((t) => t.target.checksum)).toEqual(again.tables.map((t) => t.target.checksum));
    await withDb(targetUrl, async (knex) => expect(await knex('order_lines').count({ n: '*' })).toEqual([{ n: 297 }]));
  });

  it('fails verification, naming the table, when a row is altered on either side', async () => {
    await withDb(targetUrl, (knex) => knex('products').where({ id: 1234 }).update({ price: 1.25 }));
    const r = await runCli(['data', 'verify', '--from', sourceUrl, '--to', targetUrl, '--tables', TABLES.join(',')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/products\s+MISMATCH\s+source 2345 rows/);
    expect(r.stdout).toMatch(/categories\s+ok/);
    expect(r.stderr).toContain('verification failed: products');
    // The same verdict for a script: the whole report as JSON, exit 1 still.
    const json = await runCli(['data', 'verify', '--from', sourceUrl, '--to', targetUrl, '--tables', TABLES.join(','), '--json']);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report.ok).toBe(false);
    expect(report.tables.find((t: { table: string }) => t.table === 'products')).toMatchObject({ match: false, source: { rows: 2345 } });

    await copyTables({ from: sourceUrl, to: targetUrl, tables: TABLES });
    expect((await verifyTables({ from: sourceUrl, to: targetUrl, tables: TABLES })).ok).toBe(true);
    await withDb(sourceUrl, (knex) => knex('order_lines').where({ order_id: 1, line: 2 }).update({ qty: 40 }));
    const after = await verifyTables({ from: sourceUrl, to: targetUrl, tables: TABLES, batch: 50 });
    expect(after.tables.filter((t) => !t.match).map((t) => t.table)).toEqual(['order_lines']);
    await withDb(sourceUrl, (knex) => knex('order_lines').where({ order_id: 1, line: 2 }).update({ qty: 2 }));
  });

  it('refuses bad input with one line and a stable code', async () => {
    const missing = await runCli(['data', 'copy', '--from', sourceUrl, '--to', targetUrl, '--tables', 'products,nope,nada']);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split('\n')).toEqual([`ficus: no such tables in the source (${sourceUrl}): nope, nada (FICUS_DB_TABLE_MISSING)`]);
    await expect(copyTables({ from: `sqlite:${path.join(dir, 'absent.db')}`, to: targetUrl, tables: ['products'] })).rejects.toMatchObject({ code: 'FICUS_DB_URL' });
    await expect(copyTables({ from: sourceUrl, to: targetUrl, tables: ['products'], batch: 0 })).rejects.toMatchObject({ code: 'FICUS_COPY_ARGS' });
    await expect(copyTables({ from: sourceUrl, to: `sqlite:///${sourceUrl.slice('sqlite:'.length).replace(/^\//, '')}`, tables: ['products'] })).rejects.toMatchObject({
      code: 'FICUS_COPY_SAME_DATABASE',
    });
    await expect(copyTables({ from: sourceUrl, to: 'oracle://x', tables: ['products'] })).rejects.toMatchObject({ code: 'FICUS_DB_URL' });
  });

  it('leaves the target as it was when the copy fails midway: no rows replaced, no tables created', async () => {
    const url = `sqlite:${path.join(dir, 'strict.db')}`;
    await withDb(url, async (knex) => {
      await knex.raw("create table categories (id integer primary key, name varchar(80) not null check (name <> 'Fig trees'), parent_id integer)");
      await knex('categories').insert({ id: 9, name: 'kept', parent_id: null });
    });
    await expect(copyTables({ from: sourceUrl, to: url, tables: TABLES })).rejects.toThrow(/CHECK constraint/);
    await withDb(url, async (knex) => {
      expect(await knex('categories').select('id', 'name')).toEqual([{ id: 9, name: 'kept' }]);
      expect(await knex.schema.hasTable('products')).toBe(false);
    });
  });

  it('refuses an existing target table that lacks source columns, listing them', async () => {
    const url = `sqlite:${path.join(dir, 'narrow.db')}`;
    await withDb(url, (knex) => knex.schema.createTable('categories', (t) => t.increments('id')));
    await expect(copyTables({ from: sourceUrl, to: url, tables: ['categories'] })).rejects.toMatchObject({
      code: 'FICUS_COPY_SCHEMA_MISMATCH',
      details: { missingColumns: ['categories.name', 'categories.parent_id'] },
    });
  });
});

describe.skipIf(!pgUrl)(pgTitle('ficus data copy: SQLite ↔ PostgreSQL'), () => {
  let pgDb: { url: string; drop: () => Promise<void> };
  beforeAll(async () => {
    pgDb = await createPgDatabase('ficus_copy');
  });
  afterAll(async () => {
    await pgDb?.drop();
  });

  it('copies SQLite → PostgreSQL with types converted, verifies, and is idempotent', async () => {
    const first = await copyTables({ from: sourceUrl, to: pgDb.url, tables: TABLES, batch: 700 });
    expect(first.ok).toBe(true);
    expect(first.created).toEqual(['categories', 'products', 'order_lines']);
    await withDb(pgDb.url, async (knex) => {
      const p = await knex('products').where('id', 8).first();
      expect(p).toMatchObject({ sku: 'SKU-8', price: 7.5, in_stock: false, attrs: { size: 3, tags: ['green', 'tall'] } });
      expect((p.updated_at as Date).toISOString()).toBe('2024-08-17T10:27:00.000Z');
      // The sequence moved past the copied ids, so the service can insert.
      const [row] = await knex('categories').insert({ name: 'Pots' }).returning('id');
      expect(row.id).toBe(3);
      await knex('categories').where({ id: 3 }).del();
    });
    const again = await copyTables({ from: sourceUrl, to: pgDb.url, tables: TABLES, batch: 1000 });
    expect(again.ok).toBe(true);
    expect(again.created).toEqual([]);
  });

  it('fails verification when a PostgreSQL row is altered', async () => {
    await withDb(pgDb.url, (knex) => knex('products').where({ id: 77 }).update({ in_stock: true, description: 'changed' }));
    const report = await verifyTables({ from: sourceUrl, to: pgDb.url, tables: TABLES });
    expect(report.ok).toBe(false);
    expect(report.tables.filter((t) => !t.match).map((t) => t.table)).toEqual(['products']);
  });

  it('copies PostgreSQL → SQLite back to the same checksums', async () => {
    await copyTables({ from: sourceUrl, to: pgDb.url, tables: TABLES });
    const back = `sqlite:${path.join(dir, 'back.db')}`;
    const report = await copyTables({ from: pgDb.url, to: back, tables: TABLES });
    expect(report.ok).toBe(true);
    const original = await verifyTables({ from: sourceUrl, to: back, tables: TABLES });
    expect(original.ok).toBe(true);
  });
});


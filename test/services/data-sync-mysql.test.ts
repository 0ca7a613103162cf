// MySQL/MariaDB on either side of `ficus data sync`: SQLite → MariaDB and MariaDB → SQLite (and → PostgreSQL
// when it is there), start from a snapshot, the change stream, types, --stop.
import { afterAll, describe, expect, it } from 'vitest';
import { verifyTables } from '../../services/data-copy/copy-tables.js';
import { runSync } from '../../services/data-sync/run-sync.js';
import { stopSync } from '../../services/data-sync/stop-sync.js';
import { readSyncStatus } from '../../services/data-sync/sync-status.js';
import { mysqlSkipReason, mysqlUrl } from '../support/mysql.js';
import { pgUrl } from '../support/pg.js';
import { createShop, mysqlMaker, postgresMaker, readPrices, sqliteMaker, withDb, type DatabaseMaker } from '../support/sync-dbs.js';

const TABLES = ['products', 'categories'];

async function changeSome(url: string): Promise<void> {
  await withDb(url, async (knex) => {
    await knex('products').where({ id: 3 }).update({ price: '3000000.75', in_stock: true, attrs: JSON.stringify({ colour: 'grün' }) });
    await knex('products').where({ id: 4 }).del();
    await knex('products').insert({ id: 900, sku: 'NEW', price: '0.05', in_stock: false, updated_at: '2024-12-31 23:59:59', category_id: 2 });
  });
}

async function syncAndCheck(from: string, to: string): Promise<void> {
  await runSync({ from, to, tables: TABLES, once: true });
  await changeSome(from);
  expect((await readSyncStatus({ from, to })).lag.changes).toBe(3);
  const r = await runSync({ from, to, tables: TABLES, once: true });
  expect(r.applied).toBe(3);
  const prices = await readPrices(to);
  expect([prices.get(3), prices.has(4), prices.get(900)]).toEqual(['3000000.75', false, '0.05']);
  const v = await verifyTables({ from, to, tables: TABLES });
  expect(v.tables.filter((t) => !t.match)).toEqual([]);
  await stopSync({ from, to });
}

describe.skipIf(!mysqlUrl)(mysqlUrl ? 'ficus data sync with MySQL/MariaDB [mysql]' : `ficus data sync with MySQL/MariaDB [skipped: ${mysqlSkipReason}]`, () => {
  const makers: DatabaseMaker[] = [sqliteMaker(), mysqlMaker(), postgresMaker()];
  const [sqlite, maria, pg] = makers;
  afterAll(() => Promise.all(makers.map((m) => m.cleanup())));

  it('SQLite → MariaDB: creates the tables, copies, applies the change stream, verifies', async () => {
    const from = await sqlite.create('monolith');
    const to = await maria.create('catalog');
    await createShop(from, 100);
    await syncAndCheck(from, to);
  });

  it('MariaDB → SQLite: captures with triggers, in commit order, and verifies', async () => {
    const from = await maria.create('monolith');
    const to = await sqlite.create('catalog');
    await createShop(from, 100);
    await syncAndCheck(from, to);
  });

  it.skipIf(!pgUrl)('MariaDB → PostgreSQL', async () => {
    const from = await maria.create('monolith');
    const to = await pg.create('catalog');
    await createShop(from, 100);
    await syncAndCheck(from, to);
  });
});

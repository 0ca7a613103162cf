// `ficus data sync` on real databases: the start from one snapshot, --once, --status, --stop, exactly-once
// resume after the applier is killed mid-batch, and the faults: no primary key, a schema change, a target down.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runSync, type SyncEvent } from '../../services/data-sync/run-sync.js';
import { readSyncStatus } from '../../services/data-sync/sync-status.js';
import { verifyTables } from '../../services/data-copy/copy-tables.js';
import { waitFor } from '../gateway/support/wait-for.js';
import { ficusEntry, repoRoot, runCli } from '../support/cli.js';
import { createShop, readPrices, syncEngines, withDb, type DatabaseMaker } from '../support/sync-dbs.js';
import { startTcpProxy } from '../support/tcp-proxy.js';

const TABLES = 'products,categories';

for (const engine of syncEngines()) {
  // The CLI is run as a user runs it (a child process each time), which takes seconds on a busy machine.
  describe.skipIf(engine.skip)(`ficus data sync: ${engine.name}`, { timeout: 180_000 }, () => {
    const dbs: DatabaseMaker = engine.make();
    afterAll(() => dbs.cleanup());

    it('starts from one snapshot, applies inserts, updates, key changes and deletes with --once, and reports lag with --status', async () => {
      const from = await dbs.create('monolith');
      const to = await dbs.create('catalog');
      await createShop(from);
      const first = await runCli(['data', 'sync', '--from', from, '--to', to, '--tables', TABLES, '--once']);
      expect(first.stderr).not.toMatch(/^ficus:/m);
      expect(first.code).toBe(0);
      expect(first.stderr).toMatch(/copied 202 rows from one snapshot \(change 0\), verified equal/);

      await withDb(from, async (knex) => {
        await knex('products').where({ id: 5 }).update({ price: '1234567890.99', in_stock: true });
        await knex('products').where({ id: 7 }).del();
        await knex('products').where({ id: 8 }).update({ id: 5000 }); // a key change
        await knex('categories').insert({ id: 3, name: 'Bonsai' });
        await knex('products').insert({ id: 6000, sku: 'NEW', price: '0.10', in_stock: false, attrs: JSON.stringify({ tags: ['a'] }), category_id: 3 });
      });
      const status = await runCli(['data', 'sync', '--from', from, '--to', to, '--status', '--json']);
      expect(status.code).toBe(0);
      const s = JSON.parse(status.stdout);
      expect(s).toMatchObject({ phase: 'running', reversed: false, tables: ['categories', 'products'], lag: { changes: 5 }, lastApplied: { change: 0 }, lastError: null });
      expect(s.lag.seconds).toBeGreaterThanOrEqual(0);

      const second = await runSync({ from, to, tables: TABLES.split(','), once: true });
      expect(second).toMatchObject({ applied: 5, lastChange: 5, ended: 'drained', copied: null });
      const prices = await readPrices(to);
      expect(prices.get(5)).toBe('1234567890.99');
      expect(prices.has(7)).toBe(false);
      expect(prices.has(8)).toBe(false);
      expect(prices.get(5000)).toBe('7.50');
      expect(prices.get(6000)).toBe('0.10');
      expect((await verifyTables({ from, to, tables: TABLES.split(',') })).ok).toBe(true);
      const after = await readSyncStatus({ from, to });
      expect(after).toMatchObject({ lag: { changes: 0, seconds: 0 }, lastApplied: { change: 5 }, appliedTotal: 5 });
    });

    it('loses and doubles nothing when the source keeps writing through the start and the stream', async () => {
      const from = await dbs.create('monolith');
      const to = await dbs.create('catalog');
      await createShop(from, 2000);
      let writing = true;
      let writes = 0;
      const writer = withDb(from, async (knex) => {
        while (writing && writes < 3000) {
          const id = (writes % 2000) + 1;
          await knex('products').where({ id }).update({ price: knex.raw('price + 1') });
          if (writes % 10 === 0) await knex('products').insert({ sku: `W-${writes}`, price: '1.00', in_stock: true, category_id: 1 });
          writes += 1;
          if (writes % 5 === 0) await sleep(1);
        }
      });
      const controller = new AbortController();
      const batches: number[] = [];
      const sync = runSync({ from, to, tables: TABLES.split(','), batch: 200, pollMs: 20, signal: controller.signal, onEvent: (e: SyncEvent) => void (e.type === 'batch' && batches.push(e.changes)) });
      await waitFor(() => writes >= 100, 10_000, 50);
      writing = false;
      await writer;
      // Wait for the applier to catch up, then stop it.
      await waitFor(async () => (await readSyncStatus({ from, to })).lag.changes <= 0, 10_000, 50);
      controller.abort();
      const report = await sync;
      expect(report.ended).toBe('signal');
      expect(writes).toBeGreaterThanOrEqual(100);
      expect(batches.length).toBeGreaterThan(0);
      const verify = await verifyTables({ from, to, tables: TABLES.split(',') });
      expect(verify.tables.map((t) => [t.table, t.match])).toEqual([
        ['products', true],
        ['categories', true],
      ]);
    });

    it('applies each change exactly once when the applier is killed mid-batch and started again', async () => {
      const from = await dbs.create('monolith');
      const to = await dbs.create('catalog');
      await createShop(from, 500);
      await runSync({ from, to, tables: TABLES.split(','), once: true });
      // The target counts every row write it receives: a change applied twice would show.
      await withDb(to, async (knex) => {
        await knex.schema.createTable('applied_writes', (t) => t.increments('n'));
        if (engine.engine === 'sqlite') {
          await knex.raw('CREATE TRIGGER count_writes AFTER UPDATE ON products BEGIN INSERT INTO applied_writes (n) VALUES (NULL); END');
        } else {
          await knex.raw('CREATE FUNCTION count_writes() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO applied_writes DEFAULT VALUES; RETURN NULL; END $$');
          await knex.raw('CREATE TRIGGER count_writes AFTER UPDATE ON products FOR EACH ROW EXECUTE FUNCTION count_writes()');
        }
      });
      const UPDATES = 12_000;
      await withDb(from, async (knex) => {
        for (let round = 0; round < UPDATES / 500; round++) await knex('products').update({ price: knex.raw('price + 1') });
      });
      const child = spawn(process.execPath, [ficusEntry, 'data', 'sync', '--from', from, '--to', to, '--tables', TABLES, '--batch', '300'], { cwd: repoRoot, stdio: 'ignore' });
      let killedAt = 0;
      for (let i = 0; i < 600; i++) {
        const s = await readSyncStatus({ from, to }).catch(() => undefined);
        if (s && s.appliedTotal > 0) {
          child.kill('SIGKILL');
          killedAt = s.appliedTotal;
          break;
        }
        await sleep(25);
      }
      await new Promise((resolve) => child.once('exit', resolve));
      expect(killedAt).toBeGreaterThan(0);
      const between = await readSyncStatus({ from, to });
      expect(between.appliedTotal).toBeLessThan(UPDATES); // killed before the end
      const resumed = await runSync({ from, to, tables: TABLES.split(','), once: true });
      expect(resumed.applied).toBe(UPDATES - between.appliedTotal);
      const done = await readSyncStatus({ from, to });
      expect(done.appliedTotal).toBe(UPDATES);
      expect(done.lag.changes).toBe(0);
      await withDb(to, async (knex) => expect(Number((await knex('applied_writes').count({ n: '*' }))[0].n)).toBe(UPDATES));
      expect((await verifyTables({ from, to, tables: ['products'] })).ok).toBe(true);
    });

    it('--stop removes the triggers, the change log and the checkpoint, and leaves every row', async () => {
      const from = await dbs.create('monolith');
      const to = await dbs.create('catalog');
      await createShop(from, 20);
      await runSync({ from, to, tables: TABLES.split(','), once: true });
      await withDb(from, (knex) => knex('products').where({ id: 1 }).update({ price: '2.00' }));
      const stop = await runCli(['data', 'sync', '--from', from, '--to', to, '--stop']);
      expect(stop.code).toBe(0);
      expect(stop.stdout).toMatch(/triggers, change log and checkpoint removed \(1 captured changes were not applied\)/);
      const objects = async (url: string) =>
        withDb(url, async (knex) => {
          if (engine.engine === 'sqlite') return (await knex('sqlite_master').select('name').where('name', 'like', 'ficus_sync%')).map((r) => r.name);
          const tables = await knex('information_schema.tables').select('table_name as name').where('table_name', 'like', 'ficus_sync%');
          const triggers = await knex('information_schema.triggers').select('trigger_name as name').where('trigger_name', 'like', 'ficus_sync%');
          const fns = await knex('pg_proc').select('proname as name').where('proname', 'like', 'ficus_sync%');
          return [...tables, ...triggers, ...fns].map((r) => r.name);
        });
      expect(await objects(from)).toEqual([]);
      expect(await objects(to)).toEqual([]);
      await withDb(from, (knex) => knex('products').where({ id: 2 }).update({ price: '3.00' })); // not captured, not refused
      expect((await readPrices(to)).size).toBe(20);
      await expect(readSyncStatus({ from, to })).rejects.toMatchObject({ code: 'FICUS_SYNC_NOT_RUNNING' });
    });

    it('refuses a table without a primary key, naming it', async () => {
      const from = await dbs.create('monolith');
      const to = await dbs.create('catalog');
      await withDb(from, (knex) => knex.schema.createTable('events', (t) => t.string('what')));
      const r = await runCli(['data', 'sync', '--from', from, '--to', to, '--tables', 'events', '--once']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/events.*\(FICUS_COPY_NO_PRIMARY_KEY\)/);
    });

    it('pauses on a schema change at the source, applying nothing to the wrong columns, and says so in --status', async () => {
      const from = await dbs.create('monolith');
      const to = await dbs.create('catalog');
      await createShop(from, 10);
      await runSync({ from, to, tables: TABLES.split(','), once: true });
      await withDb(from, async (knex) => {
        await knex('products').where({ id: 1 }).update({ price: '9.99' });
        await knex.schema.alterTable('products', (t) => t.string('colour', 20));
        await knex('products').where({ id: 2 }).update({ price: '8.88', colour: 'green' });
      });
      const r = await runCli(['data', 'sync', '--from', from, '--to', to, '--tables', TABLES, '--once']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/table products changed at the source \(gained colour\).*\(FICUS_SYNC_SCHEMA_CHANGED\)/);
      const prices = await readPrices(to);
      expect(prices.get(1)).toBe('0.50'); // paused before anything of the changed table
      expect(prices.get(2)).toBe('1.50');
      const status = await readSyncStatus({ from, to });
      expect(status.lastError?.message).toMatch(/gained colour/);
      expect(status.lag.changes).toBe(2);
    });

    it('retries while the target is down, shows the error and the lag, and catches up without losing a change', async () => {
      const from = await dbs.create('monolith');
      const direct = await dbs.create('catalog');
      await createShop(from, 50);
      const outage = await makeOutage(engine.engine, direct);
      const to = outage.url;
      try {
        const controller = new AbortController();
        const retries: string[] = [];
        const sync = runSync({ from, to, tables: TABLES.split(','), pollMs: 20, signal: controller.signal, onEvent: (e) => void (e.type === 'retry' && retries.push(e.error)) });
        for (let i = 0; i < 400 && !(await readSyncStatus({ from, to }).catch(() => undefined))?.lastApplied.at; i++) await sleep(25);
        await outage.down();
        await withDb(from, async (knex) => {
          for (let id = 1; id <= 50; id++) await knex('products').where({ id }).update({ price: '42.00' });
        });
        await waitFor(() => retries.length > 0, 10_000, 25);
        expect(retries.length).toBeGreaterThan(0);
        const during = await readSyncStatus({ from, to: direct }).catch(() => readSyncStatus({ from, to }));
        expect(during.lag.changes).toBeGreaterThan(0);
        expect(during.lastError).not.toBeNull();
        await outage.up();
        await waitFor(async () => (await readSyncStatus({ from, to })).lag.changes <= 0, 20_000, 50);
        controller.abort();
        await sync;
        const prices = await readPrices(direct);
        expect([...prices.values()].every((p) => p === '42.00')).toBe(true);
        expect((await readSyncStatus({ from, to })).lastError).toBeNull();
      } finally {
        await outage.close();
      }
    });
  });
}

/** A target that can be taken down: PostgreSQL behind a loopback TCP proxy that refuses and cuts connections; SQLite held under an exclusive lock. */
async function makeOutage(engine: 'sqlite' | 'postgres', url: string): Promise<{ url: string; down: () => Promise<void>; up: () => Promise<void>; close: () => Promise<void> }> {
  if (engine === 'postgres') {
    const target = new URL(url);
    const proxy = await startTcpProxy(Number(target.port || 5432), target.hostname);
    const via = new URL(url);
    via.port = String(proxy.port);
    return { url: via.toString(), down: async () => proxy.setDown(true), up: async () => proxy.setDown(false), close: proxy.close };
  }
  const { default: Database } = await import('better-sqlite3');
  let holder: InstanceType<typeof Database> | undefined;
  return {
    url,
    down: async () => {
      holder = new Database(url.slice('sqlite:'.length));
      holder.exec('BEGIN EXCLUSIVE');
    },
    up: async () => {
      holder?.exec('ROLLBACK');
      holder?.close();
      holder = undefined;
    },
    close: async () => void holder?.close(),
  };
}

// `ficus data sync --reverse` on real databases: the turn loses no write made during it, the old source
// refuses writes afterwards (one writer per table), the service's writes flow back, and --stop lifts it all.
import { afterAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { verifyTables } from '../../services/data-copy/copy-tables.js';
import { reverseSync } from '../../services/data-sync/reverse-sync.js';
import { runSync } from '../../services/data-sync/run-sync.js';
import { readSyncStatus } from '../../services/data-sync/sync-status.js';
import { runCli } from '../support/cli.js';
import { createShop, readPrices, syncEngines, withDb } from '../support/sync-dbs.js';

const TABLES = ['products', 'categories'];

for (const engine of syncEngines()) {
  describe.skipIf(engine.skip)(`ficus data sync --reverse: ${engine.name}`, { timeout: 180_000 }, () => {
    const dbs = engine.make();
    afterAll(() => dbs.cleanup());

    it('hands the tables over without losing a write made during the turn, then syncs the service back', async () => {
      const monolith = await dbs.create('monolith');
      const service = await dbs.create('catalog');
      await createShop(monolith, 100);
      const forward = runSync({ from: monolith, to: service, tables: TABLES, pollMs: 20 });
      for (let i = 0; i < 400 && !(await readSyncStatus({ from: monolith, to: service }).catch(() => undefined))?.applierAlive; i++) await sleep(25);

      // The monolith keeps writing through the turn; each write either commits (and must reach the service) or is refused.
      const committed = new Map<number, string>();
      const refused: string[] = [];
      let writing = true;
      const writer = withDb(monolith, async (knex) => {
        for (let n = 0; writing && n < 5000; n++) {
          const id = (n % 100) + 1;
          const price = `${n}.25`;
          try {
            await knex('products').where({ id }).update({ price });
            committed.set(id, price);
          } catch (err) {
            refused.push((err as Error).message);
          }
          if (n % 5 === 0) await sleep(1);
        }
      });
      await sleep(300);
      const turn = await reverseSync({ from: monolith, to: service, tables: TABLES });
      const ended = await forward;
      await sleep(200);
      writing = false;
      await writer;

      expect(ended.ended).toBe('reversing');
      expect(turn.verification.ok).toBe(true);
      expect(turn.turnMs).toBeGreaterThan(0);
      expect(committed.size).toBeGreaterThan(0);
      expect(refused.length).toBeGreaterThan(0);
      expect(refused[0]).toMatch(/ficus: table products is written by its service now/);
      const prices = await readPrices(service);
      for (const [id, price] of committed) expect(prices.get(id), `product ${id}`).toBe(Number(price).toFixed(2));

      const status = await readSyncStatus({ from: monolith, to: service });
      expect(status).toMatchObject({ reversed: true, source: expect.stringContaining(service.split(/[/:]/).pop()!), targetFenced: true, lag: { changes: 0 } });
      // Starting the old direction again is refused with the way to run it.
      await expect(runSync({ from: monolith, to: service, tables: TABLES, once: true })).rejects.toMatchObject({ code: 'FICUS_SYNC_REVERSED' });

      // The service writes now; the monolith's readers see it after the reversed sync applies it.
      await withDb(service, (knex) => knex('products').where({ id: 1 }).update({ price: '77.70' }));
      const back = await runSync({ from: service, to: monolith, tables: TABLES, once: true });
      expect(back.applied).toBe(1);
      expect((await readPrices(monolith)).get(1)).toBe('77.70');
      expect((await verifyTables({ from: service, to: monolith, tables: TABLES })).ok).toBe(true);

      const stop = await runCli(['data', 'sync', '--from', monolith, '--to', service, '--stop']);
      expect(stop.code).toBe(0);
      await withDb(monolith, (knex) => knex('products').where({ id: 2 }).update({ price: '1.00' })); // the fence is gone
    });
  });
}

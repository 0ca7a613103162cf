// One writer per table: the admin API refuses (409, not overridable) to send a route's writes to the
// service while `ficus data sync` still copies its tables monolith → service, names the command that turns
// the sync, and lets the move through once the sync is reversed. Real databases, real gateway, real HTTP.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assertValidConfig } from '../../../gateway/config/validate-config.js';
import { reverseSync } from '../../../services/data-sync/reverse-sync.js';
import { runSync } from '../../../services/data-sync/run-sync.js';
import { createShop } from '../../support/sync-dbs.js';
import { ALICE, startLiveGateway, startUpstream, tempSqliteUrl } from './admin-fixture.js';

const dir = mkdtempSync(path.join(tmpdir(), 'ficus-sync-guard-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('admin API: the write guard of data sync', () => {
  it('refuses to move a write route of a synced table to the service until the sync is reversed', async () => {
    const monolithDb = `sqlite:${path.join(dir, 'monolith.db')}`;
    const serviceDb = `sqlite:${path.join(dir, 'catalog.db')}`;
    await createShop(monolithDb, 10);
    await runSync({ from: monolithDb, to: serviceDb, tables: ['products', 'categories'], once: true });
    const monolith = await startUpstream('monolith');
    const service = await startUpstream('catalog');
    const config = assertValidConfig({
      listen: { host: '127.0.0.1', port: 0 },
      monolith: { url: monolith.url },
      services: { catalog: { url: service.url } },
      store: { url: tempSqliteUrl() },
      data: { url: monolithDb },
      admin: { host: '127.0.0.1', port: 0, token: ALICE },
      routes: [
        { id: 'price-write', match: { methods: ['PATCH'], path: '/api/products/:id/price' }, service: 'catalog', mode: 'monolith', tables: ['products'] },
        { id: 'product-read', match: { methods: ['GET'], path: '/api/products/:id' }, service: 'catalog', mode: 'monolith', tables: ['products'] },
      ],
    });
    const live = await startLiveGateway(config);
    const patch = (id: string, body: unknown) =>
      fetch(`${live.adminUrl}/api/routes/${id}`, { method: 'PATCH', headers: { authorization: `Bearer ${ALICE}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    try {
      const refused = await patch('price-write', { mode: 'service', force: true, reason: 'move the price writes' });
      expect(refused.status).toBe(409);
      const problem = await refused.json();
      expect(problem).toMatchObject({ code: 'FICUS_ADMIN_SYNC_RUNNING' });
      expect(problem.detail).toContain(`ficus data sync --reverse --from ${monolithDb} --to ${serviceDb} --tables`);
      // Audited like a guard refusal: who asked, for what, and why it was refused.
      const audit = await fetch(`${live.adminUrl}/api/events?route=price-write`, { headers: { authorization: `Bearer ${ALICE}` } }).then((r) => r.json());
      expect(audit.events).toEqual([expect.objectContaining({ routeId: 'price-write', action: 'refused', to: expect.objectContaining({ mode: 'service' }), why: expect.stringContaining('sync still runs towards the service') })]);
      // Reads of the same table may move: the sync keeps the service's copy fresh for them.
      expect((await patch('product-read', { mode: 'service', force: true })).status).toBe(200);

      await reverseSync({ from: monolithDb, to: serviceDb, tables: ['products', 'categories'] });
      const allowed = await patch('price-write', { mode: 'service', force: true, reason: 'after the reverse' });
      expect(allowed.status).toBe(200);
    } finally {
      await live.close();
      await monolith.close();
      await service.close();
    }
  });
});

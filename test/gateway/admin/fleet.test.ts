// Two gateway replicas on one real PostgreSQL database: a runtime change made through one replica's
// admin API reaches the other within 2 s (LISTEN/NOTIFY, polling as the fallback), for its API and
// for the traffic it routes. Each replica opens its own store from config.store.url, as in production.
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../../../gateway/create-gateway.js';
import { migrations } from '../../../gateway/store/migrations/index.js';
import { openStore } from '../../../gateway/store/open-store.js';
import { createPgDatabase, pgTitle, pgUrl } from '../../support/pg.js';
import { ALICE, adminCall, adminTestConfig, startUpstream, within2s, type Upstream } from './admin-fixture.js';
import { waitFor } from '../support/wait-for.js';

interface Replica {
  gateway: Gateway;
  url: string;
  adminUrl: string;
}

async function startReplica(config: ReturnType<typeof adminTestConfig>): Promise<Replica> {
  const gateway = createGateway(config, { logger: pino({ level: 'silent' }) });
  const { port, adminPort } = await gateway.listen();
  return { gateway, url: `http://127.0.0.1:${port}`, adminUrl: `http://127.0.0.1:${adminPort}` };
}

interface Fleet {
  db: { url: string; drop: () => Promise<void> };
  monolith: Upstream;
  service: Upstream;
  a: Replica;
  b: Replica;
}

/** Two replicas of one config on a fresh PostgreSQL database; `serviceStatus` decides the service's answers. */
async function startFleet(serviceStatus?: (url: string) => number): Promise<Fleet> {
  const db = await createPgDatabase();
  const monolith = await startUpstream('monolith');
  const service = await startUpstream('service', serviceStatus);
  const config = adminTestConfig({ monolith: monolith.url, service: service.url, storeUrl: db.url });
  const a = await startReplica(config);
  const b = await startReplica(config);
  return { db, monolith, service, a, b };
}

async function stopFleet(f: Partial<Fleet>): Promise<void> {
  await f.a?.gateway.close();
  await f.b?.gateway.close();
  await f.monolith?.close();
  await f.service?.close();
  await f.db?.drop();
}

const modeOn = async (r: Replica): Promise<{ mode: string; percent: number; source: string }> =>
  (await adminCall(r.adminUrl, 'GET', '/api/routes/catalog-products', ALICE)).body;

describe.skipIf(!pgUrl)(pgTitle('fleet: replicas on one PostgreSQL store'), () => {
  let fleet: Partial<Fleet> = {};
  let db: Fleet['db'];
  let a: Replica;
  let b: Replica;

  beforeAll(async () => {
    fleet = await startFleet();
    ({ db, a, b } = fleet as Fleet);
  });
  afterAll(() => stopFleet(fleet));

  it('sees a cutover made on the other replica within 2 s, in its API and its routing', async () => {
    expect(await modeOn(b)).toMatchObject({ mode: 'shadow', source: 'config' });
    const change = await adminCall(a.adminUrl, 'PATCH', '/api/routes/catalog-products', ALICE, { mode: 'service', force: true, reason: 'fleet test' });
    expect(change.status).toBe(200);
    expect(await within2s(async () => (await modeOn(b)).mode === 'service')).toBe(true);
    expect(await modeOn(b)).toMatchObject({ mode: 'service', source: 'runtime' });
    const res = await fetch(`${b.url}/api/products/1`);
    expect(((await res.json()) as { from: string }).from).toBe('service');
  });

  it('sees a rollback and a reset made on the other replica, both ways', async () => {
    await adminCall(b.adminUrl, 'POST', '/api/routes/catalog-products/rollback', ALICE, { reason: 'from b' });
    expect(await within2s(async () => (await modeOn(a)).mode === 'monolith')).toBe(true);
    await adminCall(a.adminUrl, 'DELETE', '/api/routes/catalog-products/state', ALICE);
    expect(await within2s(async () => (await modeOn(b)).source === 'config')).toBe(true);
    expect(await modeOn(b)).toMatchObject({ mode: 'shadow', source: 'config' });
    // One audit log for the fleet: both replicas list the same events.
    const [ea, eb] = await Promise.all([a, b].map(async (r) => (await adminCall(r.adminUrl, 'GET', '/api/events', ALICE)).body.events));
    expect(ea.map((e: { id: number }) => e.id)).toEqual(eb.map((e: { id: number }) => e.id));
    expect(ea.map((e: { action: string }) => e.action)).toEqual(['reset', 'rollback', 'cutover']);
  });

  it('still catches up within 2 s by polling when the LISTEN connections are gone', async () => {
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      const killed = await admin.query(
        "select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query ilike 'LISTEN%' and pid <> pg_backend_pid()",
      );
      expect(killed.rowCount).toBe(2); // one per replica
    } finally {
      await admin.end();
    }
    await adminCall(a.adminUrl, 'PATCH', '/api/routes/catalog-products', ALICE, { mode: 'canary', percent: 30, force: true });
    expect(await within2s(async () => (await modeOn(b)).mode === 'canary')).toBe(true);
    expect(await modeOn(b)).toMatchObject({ percent: 30, source: 'runtime' });
  });
});

describe.skipIf(!pgUrl)(pgTitle('fleet: automatic rollback on the fleet-wide error rate'), () => {
  let fleet: Partial<Fleet> = {};
  let a: Replica;
  let b: Replica;

  beforeAll(async () => {
    fleet = await startFleet(() => 503);
    ({ a, b } = fleet as Fleet);
  });
  afterAll(() => stopFleet(fleet));

  it('rolls back when the replicas together pass minRequests, though neither does alone', async () => {
    await adminCall(a.adminUrl, 'PATCH', '/api/routes/catalog-products', ALICE, { mode: 'service', force: true });
    expect(await within2s(async () => (await modeOn(b)).mode === 'service')).toBe(true);
    const hit = (r: Replica, n: number) => Promise.all(Array.from({ length: n }, (_, i) => fetch(`${r.url}/api/products/${i}`).then((x) => x.status)));
    expect(await hit(a, 6)).toEqual(Array(6).fill(503)); // minRequests is 10: each replica alone stays below it
    expect(await hit(b, 6)).toEqual(Array(6).fill(503));
    const rollbackEvent = async (): Promise<Record<string, any> | undefined> =>
      (await adminCall(a.adminUrl, 'GET', '/api/events?route=catalog-products', ALICE)).body.events.find((e: { action: string }) => e.action === 'auto-rollback');
    await waitFor(async () => (await rollbackEvent()) !== undefined, 10_000, 50);
    const event = await rollbackEvent();
    // The fleet guard may judge between two replicas' flushes: at least minRequests, more than one replica sent.
    expect(event).toMatchObject({ to: { mode: 'monolith' }, evidence: { scope: 'fleet', errorRate: 1 } });
    expect(event?.evidence.requests).toBeGreaterThanOrEqual(10);
    expect(event?.why).toContain('across the fleet');
    expect(await within2s(async () => (await modeOn(a)).mode === 'monolith' && (await modeOn(b)).mode === 'monolith')).toBe(true);
  });
});

describe.skipIf(!pgUrl)(pgTitle('fleet: replicas starting together on a fresh database'), () => {
  it('all open the store: the migrations run once and nobody fails on the race', async () => {
    // Several rounds: knex's own lock-table setup races only now and then.
    for (let round = 0; round < 4; round++) {
      const fresh = await createPgDatabase();
      try {
        const stores = await Promise.all([1, 2, 3, 4].map(() => openStore(fresh.url)));
        const names = await stores[0].knex('ficus_migrations').select('name').orderBy('id');
        expect(names.map((r: { name: string }) => r.name)).toEqual(migrations.map((m) => m.name));
        expect(await stores[0].knex('ficus_migrations_lock').count({ n: '*' })).toEqual([{ n: '1' }]); // two rows lock it for good
        await Promise.all(stores.map((st) => st.close()));
      } finally {
        await fresh.drop();
      }
    }
  });
});

// A ramp in a fleet: two gateway replicas on one PostgreSQL store. The replica holding the
// `ramp-driver` lease advances the ramp and the other never does; when the holder stops, the other
// takes the lease and finishes the ramp. Each replica has its own clock (holds pass without sleeping).
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createPgDatabase, pgTitle, pgUrl } from '../../support/pg.js';
import { ALICE, adminCall, adminTestConfig, sendTraffic, startLiveGateway, startUpstream, type LiveGateway, type Upstream } from './admin-fixture.js';
import { waitFor } from '../support/wait-for.js';

const GUARD = { promote: { minSamples: 10, minMatchRate: 0.95 }, rollback: { maxErrorRate: 0.2, windowS: 60, minRequests: 1000 } };
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

async function leaseHolder(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ holder: string }>("select holder from ficus_leases where name = 'ramp-driver'");
    return rows[0]?.holder;
  } finally {
    await client.end();
  }
}

let user = 0;
async function sendFreshUsers(base: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${base}/api/products/${i}`, { headers: { 'x-user-id': `fleet-${user++}` } });
    await res.arrayBuffer();
  }
}

/**
 * Traffic to every replica of `fleet` and their clocks moved on (200 ms a round, a little faster
 * than real time, so a holder renewing every second keeps its 5 s lease) until `done` holds for the ramp.
 */
async function driveUntil(fleet: LiveGateway[], done: (ramp: any) => boolean): Promise<any> {
  const end = Date.now() + 60_000;
  for (;;) {
    for (const g of fleet) {
      await sendFreshUsers(g.url, 5);
      g.clock.now += 200;
    }
    const ramp = (await adminCall(fleet[0]!.adminUrl, 'GET', '/api/routes/catalog-products/ramp', ALICE)).body.ramp;
    if (ramp && done(ramp)) return ramp;
    if (Date.now() > end) throw new Error(`ramp not there in time: ${JSON.stringify(ramp)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const rampChanges = (g: LiveGateway) =>
  g.logs.filter((l) => l.msg === 'route changed' && l.who === 'ficus (ramp)').map((l) => (l.to as { percent: number }).percent);

/** A fresh database, two upstreams answering alike, and replica a started alone until it holds the lease. */
async function startFirstReplica(): Promise<{ dbUrl: string; config: ReturnType<typeof adminTestConfig>; a: LiveGateway; first: string | undefined }> {
  const db = await createPgDatabase();
  open.push({ close: db.drop });
  const monolith: Upstream = await startUpstream('same');
  const service: Upstream = await startUpstream('same');
  open.push(monolith, service);
  const config = adminTestConfig({ monolith: monolith.url, service: service.url, storeUrl: db.url, guard: GUARD });
  const started = await startLiveGateway(config);
  let closing: Promise<void> | undefined;
  const a = { ...started, close: () => (closing ??= started.close()) }; // a test may stop it early
  open.push(a);
  await waitFor(async () => Boolean(await leaseHolder(db.url)), 10_000, 100);
  return { dbUrl: db.url, config, a, first: await leaseHolder(db.url) };
}

describe.skipIf(!pgUrl)(pgTitle('a ramp driven by one replica of a fleet'), { timeout: 120_000 }, () => {
  it('only the lease holder advances the ramp; the other takes over when it stops', async () => {
    const { dbUrl, config, a, first } = await startFirstReplica();
    expect(first).toBeDefined(); // a, alone, took the lease
    const b = await startLiveGateway(config, { clock: { now: a.clock.now } });
    open.push(b);

    await sendTraffic(a.url, 12);
    await waitFor(async () => (await adminCall(a.adminUrl, 'GET', '/api/routes/catalog-products/diffs', ALICE)).body.compared >= 12, 20_000, 100);
    // Started through b: the ramp lives in the store, whoever is asked.
    const started = await adminCall(b.adminUrl, 'POST', '/api/routes/catalog-products/ramp', ALICE, { steps: [10, 20, 30, 50, 100], holdS: 1, reason: 'fleet ramp' });
    expect(started.status).toBe(200);

    const mid = await driveUntil([a, b], (r) => r.percent >= 50); // both see traffic and time pass
    expect(mid).toMatchObject({ status: 'running', percent: 50 });
    expect(rampChanges(a)).toEqual([20, 30, 50]);
    expect(rampChanges(b)).toEqual([]); // b never advanced it
    expect(await leaseHolder(dbUrl)).toBe(first);

    // a stops (graceful: it gives the lease up) and b finishes the ramp.
    await a.close();
    const done = await driveUntil([b], (r) => r.status !== 'running');
    expect(done).toMatchObject({ status: 'done', percent: 100 });
    expect(rampChanges(b)).toEqual([100]);
    const holder = await leaseHolder(dbUrl);
    expect(holder).toBeDefined();
    expect(holder).not.toBe(first);

    const { body } = await adminCall(b.adminUrl, 'GET', '/api/events?route=catalog-products', ALICE);
    const cutovers = body.events.filter((e: any) => e.action === 'cutover').reverse();
    expect(cutovers.map((e: any) => [e.who, e.to.mode, e.to.percent])).toEqual([
      ['alice', 'canary', 10],
      ['ficus (ramp)', 'canary', 20],
      ['ficus (ramp)', 'canary', 30],
      ['ficus (ramp)', 'canary', 50],
      ['ficus (ramp)', 'service', 100],
    ]);
  });

  it('the lease passes to another replica once it has expired by that replica\'s clock, and the former holder does not take it back while the new one lasts', async () => {
    const { dbUrl, config, a, first } = await startFirstReplica();
    // b's clock is past a's lease (renewed for 5 s of a's time), as it would be once a stopped renewing.
    const b = await startLiveGateway(config, { clock: { now: a.clock.now + 60_000 } });
    open.push(b);
    await waitFor(async () => (await leaseHolder(dbUrl)) !== first, 10_000, 100);
    const second = await leaseHolder(dbUrl);
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    await new Promise((r) => setTimeout(r, 2500)); // a ticks twice more: its clock sees b's lease as live
    expect(await leaseHolder(dbUrl)).toBe(second);
  });
});

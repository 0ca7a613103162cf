// Progressive ramps on a live gateway: 10 → 50 → 100 with 1 s holds under real traffic, audited as
// "ficus (ramp)"; a failing step rolls back and stops; pause/resume/abort; a restart picks the ramp
// up from the store; bad plans are refused with codes.
import { afterEach, describe, expect, it } from 'vitest';
import { ALICE, adminCall, adminTestConfig, sendTraffic, startLiveGateway, startScenario, stopScenario, tempSqliteUrl, type Scenario } from './admin-fixture.js';
import { waitFor } from '../support/wait-for.js';

let scenario: Scenario | undefined;
afterEach(async () => {
  await stopScenario(scenario);
  scenario = undefined;
});

const GUARD = { promote: { minSamples: 10, minMatchRate: 0.95 }, rollback: { maxErrorRate: 0.2, windowS: 60, minRequests: 1000 } };

/** Shadow traffic until the promote guard has its evidence. */
async function withEvidence(s: Scenario): Promise<void> {
  await sendTraffic(s.live.url, 12);
  await waitFor(async () => (await adminCall(s.live.adminUrl, 'GET', '/api/routes/catalog-products/diffs', ALICE)).body.compared >= 12, 20_000, 100);
}

let user = 0;
/** `n` GETs, each from a user not seen before (so a small canary share gets some of them). */
async function sendFreshUsers(base: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${base}/api/products/${i}`, { headers: { 'x-user-id': `fresh-${user++}` } });
    await res.arrayBuffer();
  }
}

/** Sends traffic until the ramp leaves `running` (or 30 s); returns its last state. */
async function driveUntilSettled(s: Scenario): Promise<any> {
  const end = Date.now() + 30_000;
  const admin = () => s.live.adminUrl;
  for (;;) {
    await sendFreshUsers(s.live.url, 10);
    s.live.clock.now += 500; // the gateway's clock: holds pass without sleeping (the driver ticks every second)
    const { body } = await adminCall(admin(), 'GET', '/api/routes/catalog-products/ramp', ALICE);
    if (body.ramp && body.ramp.status !== 'running') return body.ramp;
    if (Date.now() > end) throw new Error(`ramp still running: ${JSON.stringify(body)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('progressive ramps', { timeout: 60_000 }, () => {
  it('ramps 10 → 50 → 100 on its own, each step audited as ficus (ramp)', async () => {
    scenario = await startScenario({ names: ['same', 'same'], guard: GUARD });
    const s = scenario;
    await withEvidence(s);
    const started = await adminCall(s.live.adminUrl, 'POST', '/api/routes/catalog-products/ramp', ALICE, { steps: [10, 50, 100], holdS: 1, reason: 'go' });
    expect(started.status).toBe(200);
    expect(started.body.ramp).toMatchObject({ status: 'running', percent: 10, stepIndex: 0 });
    const done = await driveUntilSettled(s);
    expect(done).toMatchObject({ status: 'done', percent: 100, stepIndex: 2 });
    const route = await adminCall(s.live.adminUrl, 'GET', '/api/routes/catalog-products', ALICE);
    expect(route.body).toMatchObject({ mode: 'service', percent: 100 });
    const { body } = await adminCall(s.live.adminUrl, 'GET', '/api/events?route=catalog-products', ALICE);
    const cutovers = body.events.filter((e: any) => e.action === 'cutover').reverse();
    expect(cutovers.map((e: any) => [e.who, e.to.mode, e.to.percent])).toEqual([
      ['alice', 'canary', 10],
      ['ficus (ramp)', 'canary', 50],
      ['ficus (ramp)', 'service', 100],
    ]);
    expect(body.events[0]).toMatchObject({ action: 'ramp', who: 'ficus (ramp)' });
    expect(body.events[0].why).toContain('ramp finished');
  });

  it('a failing step rolls the route back and stops the ramp', async () => {
    let failing = false;
    scenario = await startScenario({ names: ['same', 'same'], guard: GUARD, serviceStatus: () => (failing ? 500 : 200) });
    const s = scenario;
    await withEvidence(s);
    await adminCall(s.live.adminUrl, 'POST', '/api/routes/catalog-products/ramp', ALICE, { steps: [50, 100], holdS: 1 });
    failing = true;
    const failed = await driveUntilSettled(s);
    expect(failed).toMatchObject({ status: 'failed', percent: 50 });
    expect(failed.why).toContain('ramp step 50% failed: service error rate');
    const route = await adminCall(s.live.adminUrl, 'GET', '/api/routes/catalog-products', ALICE);
    expect(route.body.mode).toBe('monolith');
    const { body } = await adminCall(s.live.adminUrl, 'GET', '/api/events?route=catalog-products&limit=2', ALICE);
    expect(body.events.map((e: any) => [e.action, e.who])).toEqual([
      ['ramp', 'ficus (ramp)'],
      ['rollback', 'ficus (ramp)'],
    ]);
  });

  it('pauses, resumes, survives a restart, and aborts where it stands', async () => {
    scenario = await startScenario({ names: ['same', 'same'], guard: GUARD });
    const s = scenario;
    await withEvidence(s);
    await adminCall(s.live.adminUrl, 'POST', '/api/routes/catalog-products/ramp', ALICE, { steps: [10, 20, 100], holdS: 1 });
    const paused = await adminCall(s.live.adminUrl, 'POST', '/api/routes/catalog-products/ramp/pause', ALICE, {});
    expect(paused.body.ramp).toMatchObject({ status: 'paused', percent: 10 });
    await sendTraffic(s.live.url, 10);
    s.live.clock.now += 5000;
    await new Promise((r) => setTimeout(r, 2200)); // two ticks, far past the hold: a paused ramp stays
    expect((await adminCall(s.live.adminUrl, 'GET', '/api/routes/catalog-products/ramp', ALICE)).body.ramp).toMatchObject({ status: 'paused', percent: 10 });
    expect((await adminCall(s.live.adminUrl, 'POST', '/api/routes/catalog-products/ramp/pause', ALICE, {})).body.code).toBe('FICUS_ADMIN_RAMP_CONFLICT');
    await adminCall(s.live.adminUrl, 'POST', '/api/routes/catalog-products/ramp/resume', ALICE, {});

    // Restart on the same store: the new process drives the ramp on.
    const config = s.live.gateway.config();
    await s.live.close();
    s.live = await startLiveGateway(config, { clock: s.live.clock });
    const end = Date.now() + 20_000;
    let ramp: any;
    do {
      await sendFreshUsers(s.live.url, 10);
      s.live.clock.now += 500;
      await new Promise((r) => setTimeout(r, 100));
      ramp = (await adminCall(s.live.adminUrl, 'GET', '/api/routes/catalog-products/ramp', ALICE)).body.ramp;
    } while (ramp.percent < 20 && Date.now() < end);
    expect(ramp).toMatchObject({ status: 'running', percent: 20 });
    const aborted = await adminCall(s.live.adminUrl, 'POST', '/api/routes/catalog-products/ramp/abort', ALICE, { reason: 'enough for today' });
    expect(aborted.body.ramp).toMatchObject({ status: 'aborted', percent: 20, why: 'enough for today' });
    expect((await adminCall(s.live.adminUrl, 'GET', '/api/routes/catalog-products', ALICE)).body).toMatchObject({ mode: 'canary', percent: 20 });
  });

  it('refuses bad plans with codes, and an unproven route through the promote guard', async () => {
    scenario = await startScenario({ names: ['same', 'same'], guard: GUARD });
    const s = scenario;
    const call = (body: unknown) => adminCall(s.live.adminUrl, 'POST', '/api/routes/catalog-products/ramp', ALICE, body);
    for (const steps of [[10, 5], [10, 10], [50, 150], []]) {
      const r = await call({ steps, holdS: 1 });
      expect(r, JSON.stringify(steps)).toMatchObject({ status: 400, body: { code: 'FICUS_ADMIN_INVALID_RAMP' } });
    }
    expect(await call({ steps: [10], holdS: 0 })).toMatchObject({ status: 400, body: { code: 'FICUS_ADMIN_INVALID_RAMP' } });
    expect(await call({})).toMatchObject({ status: 400, body: { code: 'FICUS_ADMIN_INVALID_RAMP' } }); // no steps and none in the config
    expect(await call({ steps: [10, 100], holdS: 1 })).toMatchObject({ status: 409, body: { code: 'FICUS_ADMIN_GUARD_REFUSED' } });
    expect(await adminCall(s.live.adminUrl, 'POST', '/api/routes/nope/ramp', ALICE, { steps: [10] })).toMatchObject({ status: 404, body: { code: 'FICUS_ADMIN_UNKNOWN_ROUTE' } });
    expect(await adminCall(s.live.adminUrl, 'POST', '/api/routes/catalog-products/ramp/abort', ALICE, {})).toMatchObject({ status: 409, body: { code: 'FICUS_ADMIN_RAMP_CONFLICT' } });
  });

  it('validates a ramp in the config file at its path', async () => {
    const { validateConfig } = await import('../../../gateway/config/validate-config.js');
    const base = adminTestConfig({ monolith: 'http://127.0.0.1:9', service: 'http://127.0.0.1:9', storeUrl: tempSqliteUrl() });
    const result = validateConfig({ ...base, routes: [{ ...base.routes[0], ramp: { steps: [5, 1, 120], holdS: 0 } }] });
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['routes[0].ramp.steps[1]', 'routes[0].ramp.steps[2]', 'routes[0].ramp.holdS']));
  });
});

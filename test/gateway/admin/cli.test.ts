// The admin CLI verbs, run the way a user runs them, against a live gateway with real (shadow) traffic.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { ALICE, adminCall, sendTraffic, startScenario, stopScenario, type LiveGateway, type Upstream } from './admin-fixture.js';

// Each run starts the compiled CLI and loads every verb (the analyzer's ts-morph too): a second or
// more per run on a loaded machine, hence few runs and generous timeouts.
const cli = (args: string[], o: { env?: NodeJS.ProcessEnv } = {}) => runCli(args, { ...o, timeoutMs: 240_000 });

describe('ficus routes / cutover / rollback / diffs / events', { timeout: 300_000 }, () => {
  let monolith: Upstream;
  let service: Upstream;
  let live: LiveGateway;
  let flags: string[];

  beforeAll(async () => {
    ({ monolith, service, live } = await startScenario());
    flags = ['--admin-url', live.adminUrl, '--token', ALICE];
    // Shadow traffic: the two upstreams differ in $.from, so the diffs are real.
    await sendTraffic(live.url, 6);
    for (let i = 0; i < 100; i++) {
      const { body } = await adminCall(live.adminUrl, 'GET', '/api/routes/catalog-products/diffs', ALICE);
      if (body.compared >= 6) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  afterAll(() => stopScenario({ monolith, service, live }));

  it('lists the routes as an aligned table', async () => {
    const table = await cli(['routes', ...flags]);
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ROUTE\s+MODE\s+PERCENT\s+SOURCE\s+SERVICE/);
    expect(lines[1]).toMatch(/^catalog-products\s+shadow\s+-\s+config\s+catalog\s+6\s+0/);
    expect(lines[2]).toMatch(/^orders\s+monolith/);
    expect(lines[1].indexOf('shadow')).toBe(lines[0].indexOf('MODE'));
    const instances = lines.slice(lines.indexOf('') + 1);
    expect(instances[0]).toMatch(/^SERVICE\s+INSTANCE\s+STATE\s+IN FLIGHT\s+EJECTIONS\s+EJECTED UNTIL$/);
    expect(instances[1]).toMatch(/^catalog\s+http:\/\/127\.0\.0\.1:\d+\s+healthy\s+0\s+0\s+-$/);
  });

  it('shows the shadow diffs of a route field by field, with the URL and token from the environment', async () => {
    const table = await cli(['diffs', 'catalog-products'], { env: { FICUS_ADMIN_URL: live.adminUrl, FICUS_ADMIN_TOKEN: ALICE } });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/catalog-products: \d+ compared, 0 matched/);
    expect(table.stdout).toMatch(/\$\.from\s+value\s+\d+\s+\d+\s+(real|noise)/);
  });

  it('refuses a promotion on thin evidence with its numbers, then forces it', async () => {
    const refused = await cli(['cutover', 'catalog-products', '--mode', 'canary', '--percent', '10', ...flags]);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/samples \d+ < 20, match rate 0 < 0\.95.*--force.*FICUS_ADMIN_GUARD_REFUSED/);

    const forced = await cli(['cutover', 'catalog-products', '--mode', 'canary', '--percent', '10', '--force', '--reason', 'night shift test', ...flags]);
    expect(forced.code).toBe(0);
    expect(forced.stdout.trim()).toBe('catalog-products: shadow → canary 10% (forced) by alice: night shift test');

  });

  it('rolls back and lists the audit log, newest first', async () => {
    const back = await cli(['rollback', 'catalog-products', '--reason', 'pager went off', ...flags]);
    expect(back.stdout.trim()).toBe('catalog-products: canary 10% → monolith by alice: pager went off');

    const events = await cli(['events', '--route', 'catalog-products', ...flags]);
    expect(events.code).toBe(0);
    const rows = events.stdout.trimEnd().split('\n');
    expect(rows[0]).toMatch(/^TIME\s+ROUTE\s+ACTION\s+FROM → TO\s+WHO\s+WHY/);
    expect(rows.slice(1).map((r) => r.split(/\s{2,}/)[2])).toEqual(['rollback', 'cutover (forced)', 'refused']);

    // --json prints the admin API's answer: a rollback of a route already back changes nothing.
    const again = await cli(['rollback', 'catalog-products', '--json', ...flags]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ routeId: 'catalog-products', changed: false, state: { mode: 'monolith', source: 'runtime' }, event: null });
    const reset = await cli(['cutover', 'catalog-products', '--reset', '--reason', 'back to the file', '--json', ...flags]);
    expect(reset.code).toBe(0);
    expect(JSON.parse(reset.stdout)).toMatchObject({ routeId: 'catalog-products', changed: true, state: { mode: 'shadow', source: 'config' }, event: { action: 'reset', who: 'alice', why: 'back to the file' } });

  });

  it('fails with one readable line and a non-zero exit: unreachable admin, bad token, usage', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const [unreachable, badToken, badMode] = await Promise.all([
      cli(['routes', '--admin-url', `http://127.0.0.1:${closedPort}`, '--token', ALICE]),
      cli(['routes', '--admin-url', live.adminUrl], { env: { FICUS_ADMIN_TOKEN: 'not-the-token-0123456789' } }),
      cli(['cutover', 'catalog-products', '--mode', 'sideways', ...flags]),
    ]);
    expect(unreachable).toMatchObject({ code: 1, stdout: '' });
    expect(unreachable.stderr).toMatch(/cannot reach the admin API at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    expect(badToken.code).toBe(1);
    expect(badToken.stderr).toMatch(/token was refused \(401\).*FICUS_CLI_ADMIN_UNAUTHORIZED/);
    expect(badMode.code).toBe(2);
    expect(badMode.stderr).toMatch(/sideways/);
    for (const r of [unreachable, badToken, badMode]) expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
  });
});

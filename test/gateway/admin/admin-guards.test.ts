// Small pure pieces of the admin plane: loopback detection and the bind refusal, token checks,
// the promote guard's verdicts, and the sliding error-rate window.
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { isLoopbackHost } from '../../../common/loopback-host.js';
import { assertSafeAdminBind, createTokenCheck } from '../../../gateway/admin/admin-auth.js';
import { checkPromotion } from '../../../gateway/admin/promote-guard.js';
import { createTrafficWindow } from '../../../gateway/admin/traffic-window.js';
import { gatewayConfigSchema } from '../../../gateway/config/schema.js';
import { createGateway } from '../../../gateway/create-gateway.js';
import { tempSqliteUrl } from './admin-fixture.js';

describe('admin bind and tokens', () => {
  it('knows loopback addresses from the rest', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '10.0.0.5', '192.168.1.1', 'admin.internal', '::ffff:10.0.0.1']) expect(isLoopbackHost(h), h).toBe(false);
  });

  it('refuses to start a gateway whose admin API would be open beyond loopback', async () => {
    // Built with the bare schema: the config validator would already refuse this file.
    const config = gatewayConfigSchema.parse({
      listen: { host: '127.0.0.1', port: 0 },
      monolith: { url: 'http://127.0.0.1:9' },
      store: { url: tempSqliteUrl() },
      admin: { host: '0.0.0.0', port: 0 },
    });
    expect(() => assertSafeAdminBind(config.admin)).toThrow(expect.objectContaining({ code: 'FICUS_ADMIN_INSECURE_BIND' }));
    const gateway = createGateway(config, { logger: pino({ level: 'silent' }) });
    await expect(gateway.listen()).rejects.toMatchObject({ code: 'FICUS_ADMIN_INSECURE_BIND' });
    await gateway.close();
    expect(() => assertSafeAdminBind({ ...config.admin, token: 'x'.repeat(16) })).not.toThrow();
  });

  it('without any token, serves loopback callers as "local" and warns at start', async () => {
    const config = gatewayConfigSchema.parse({
      listen: { host: '127.0.0.1', port: 0 },
      monolith: { url: 'http://127.0.0.1:9' },
      services: { catalog: { url: 'http://127.0.0.1:9' } },
      store: { url: tempSqliteUrl() },
      admin: { host: '127.0.0.1', port: 0 },
      routes: [{ id: 'r', match: { path: '/r' }, service: 'catalog' }],
    });
    const logs: Array<{ level: number; msg: string }> = [];
    const gateway = createGateway(config, { logger: pino({}, { write: (l: string) => void logs.push(JSON.parse(l)) }) });
    const { adminPort } = await gateway.listen();
    try {
      const res = await fetch(`http://127.0.0.1:${adminPort}/api/routes/r`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{"mode":"shadow"}' });
      expect(res.status).toBe(200);
      const events = (await (await fetch(`http://127.0.0.1:${adminPort}/api/events`)).json()) as { events: Array<{ who: string }> };
      expect(events.events[0]).toMatchObject({ who: 'local' });
      expect(logs.some((l) => l.level === 40 && l.msg.startsWith('admin API has no token'))).toBe(true);
      const rebound = await new Promise<number | undefined>((resolve, reject) => {
        // fetch() does not let a caller set Host; a DNS-rebinding page's request carries its own name.
        http.get({ host: '127.0.0.1', port: adminPort, path: '/api/routes', headers: { host: `evil.example:${adminPort}` } }, (r) => {
          r.resume();
          resolve(r.statusCode);
        }).on('error', reject);
      });
      expect(rebound).toBe(403);
    } finally {
      await gateway.close();
    }
  });

  it('resolves a bearer token to its name, and nothing else', () => {
    const check = createTokenCheck([
      { name: 'alice', token: 'alice-token-0123456789' },
      { name: 'bob', token: 'bob-token-0123456789ab' },
    ]);
    expect(check('Bearer alice-token-0123456789')).toBe('alice');
    expect(check('bearer bob-token-0123456789ab')).toBe('bob');
    for (const h of [undefined, '', 'Bearer', 'Bearer alice-token-012345678', 'Basic alice-token-0123456789', 'alice-token-0123456789']) expect(check(h), String(h)).toBeNull();
  });
});

describe('promote guard', () => {
  const promote = { minSamples: 200, minMatchRate: 0.99 };
  const evidence = (compared: number, matched: number) => ({ compared, matched, realMismatches: compared - matched, matchRate: compared ? matched / compared : null });

  it('guards only changes that send more traffic to the service', () => {
    expect(checkPromotion({ mode: 'shadow', percent: 0 }, { mode: 'canary', percent: 5 }, evidence(0, 0), promote)).toMatchObject({ guarded: true, allowed: false });
    expect(checkPromotion({ mode: 'canary', percent: 50 }, { mode: 'canary', percent: 10 }, evidence(0, 0), promote)).toMatchObject({ guarded: false, allowed: true });
    expect(checkPromotion({ mode: 'service', percent: 0 }, { mode: 'monolith', percent: 0 }, evidence(0, 0), promote)).toMatchObject({ guarded: false, allowed: true });
    expect(checkPromotion({ mode: 'monolith', percent: 0 }, { mode: 'shadow', percent: 0 }, evidence(0, 0), promote)).toMatchObject({ guarded: false, allowed: true });
  });

  it('names each number that fell short', () => {
    expect(checkPromotion({ mode: 'shadow', percent: 0 }, { mode: 'service', percent: 0 }, evidence(150, 140), promote).shortfalls).toEqual([
      { metric: 'samples', required: 200, actual: 150 },
      { metric: 'matchRate', required: 0.99, actual: 140 / 150 },
    ]);
    expect(checkPromotion({ mode: 'shadow', percent: 0 }, { mode: 'service', percent: 0 }, evidence(400, 398), promote)).toMatchObject({ allowed: true, shortfalls: [] });
  });
});

describe('traffic window', () => {
  it('counts service failures over the last windowS seconds only', () => {
    let now = 1_000_000;
    const w = createTrafficWindow(() => now);
    w.record('r', 'service', true, 10);
    w.record('r', 'service', false, 10);
    w.record('r', 'monolith', false, 10);
    expect(w.read('r', 10)).toEqual({ requests: { monolith: 1, service: 2 }, window: { requests: 2, failures: 1 }, errorRate: 0.5 });
    now += 9_000;
    w.record('r', 'service', false, 10);
    expect(w.read('r', 10).window).toEqual({ requests: 3, failures: 1 });
    now += 1_000; // the first second has left the window
    expect(w.read('r', 10).window).toEqual({ requests: 1, failures: 0 });
    w.clearWindow('r');
    expect(w.read('r', 10)).toMatchObject({ requests: { service: 3 }, window: { requests: 0 }, errorRate: null });
    expect(w.read('unknown', 10).errorRate).toBeNull();
  });
});

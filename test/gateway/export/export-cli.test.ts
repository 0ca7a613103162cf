// `ficus export` run the way a user runs it, against a live gateway's admin API: the manifests
// follow runtime cutovers, --watch rewrites the file when a route moves, and bad input (lossy
// state, an admin API that is not there, bad flags) gets a clear line and a non-zero exit.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ficusEntry, repoRoot, runCli } from '../../support/cli.js';
import { ALICE, adminCall, startScenario, stopScenario, type Scenario } from '../admin/admin-fixture.js';

const cli = (args: string[]) => runCli(args, { timeoutMs: 120_000 });
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('ficus export against a running gateway', { timeout: 180_000 }, () => {
  let s: Scenario;
  let flags: string[];
  const dir = mkdtempSync(path.join(tmpdir(), 'ficus-export-'));

  beforeAll(async () => {
    s = await startScenario();
    flags = ['--admin-url', s.live.adminUrl, '--token', ALICE, '--backend', 'monolith=shop:3000', '--backend', 'catalog=catalog:4001'];
  });
  afterAll(() => stopScenario(s));

  const weightsIn = (file: string) => {
    const docs = parseAllDocuments(readFileSync(file, 'utf8')) as unknown as { toJS(): Obj }[];
    const route = docs.map((d) => d.toJS()).find((o) => o.metadata.annotations?.['ficus.dev/route'] === 'catalog-products');
    return Object.fromEntries(route!.spec.rules[0].backendRefs.map((b: Obj) => [b.name, b.weight]));
  };

  it('exports the live state, follows a cutover, and --watch rewrites the file', async () => {
    const out = path.join(dir, 'routes.yaml');
    const first = await cli(['export', '--to', 'gateway-api', ...flags, '-o', out]);
    expect(first.code, first.stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/kind: HTTPRoute/);
    expect(text).toMatch(/type: RequestMirror/); // catalog-products is in shadow mode in the file
    expect(weightsIn(out)).toEqual({ shop: 10000 });

    const watched = path.join(dir, 'watched.yaml');
    const child = spawn(process.execPath, [ficusEntry, 'export', '--to', 'gateway-api', ...flags, '-o', watched, '--watch', '--interval', '1', '--lossy'], {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    try {
      await expect.poll(() => existsSync(watched), { timeout: 60_000, interval: 100 }).toBe(true);
      expect(weightsIn(watched)).toEqual({ shop: 10000 });
      const moved = await adminCall(s.live.adminUrl, 'PATCH', '/api/routes/catalog-products', ALICE, { mode: 'canary', percent: 20, force: true, reason: 'export test' });
      expect(moved.status).toBe(200);
      await expect.poll(() => JSON.stringify(weightsIn(watched)), { timeout: 30_000, interval: 100 }).toBe(JSON.stringify({ shop: 8000, catalog: 2000 }));
      expect(stderr).toMatch(/rewritten/);
    } finally {
      child.kill('SIGTERM');
    }

    // Sticky on x-user-id at 20%: HTTPRoute cannot keep a user on one backend, so without --lossy nothing is written.
    const refused = await cli(['export', '--to', 'gateway-api', ...flags, '-o', path.join(dir, 'lossy.yaml')]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/catalog-products: sticky on header x-user-id/);
    expect(refused.stderr).toMatch(/FICUS_EXPORT_LOSSY/);
    expect(existsSync(path.join(dir, 'lossy.yaml'))).toBe(false);

    const istio = await cli(['export', '--to', 'istio', ...flags, '--lossy', '--json']);
    expect(istio.code, istio.stderr).toBe(0);
    const result = JSON.parse(istio.stdout) as { manifests: { object: Obj }[]; notes: { lossy: boolean; routeId: string }[] };
    expect(result.manifests[0].object.spec.http[0].route.map((r: Obj) => r.weight)).toEqual([80, 20]);
    expect(result.manifests.map((m) => m.object.kind)).toEqual(['VirtualService', 'DestinationRule', 'DestinationRule']);
    expect(result.notes.filter((n) => n.lossy).map((n) => n.routeId)).toEqual(['catalog-products']);
  });

  it('says so when the admin API cannot be reached, and exits 1', async () => {
    const port = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(p));
      });
    });
    const r = await cli(['export', '--to', 'istio', '--admin-url', `http://127.0.0.1:${port}`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot reach the admin API at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    expect(r.stderr).toMatch(/FICUS_CLI_ADMIN_UNREACHABLE/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  });

  it('rejects bad flags with one line and exit 2', async () => {
    for (const args of [
      ['export', '--to', 'nginx'],
      ['export', '--to', 'istio', '--backend', 'catalog=Not_A_Service'],
      ['export', '--to', 'istio', '--watch'],
      ['export', '--to', 'istio', '--comparator', 'ficus compare'],
      ['export', '--to', 'istio', '--interval', '0'],
      ['export', '--namespace', 'shop'],
    ]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });
});

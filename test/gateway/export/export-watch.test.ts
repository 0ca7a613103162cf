// `ficus export --watch` as a GitOps loop runs it: the file is rewritten when a cutover is made
// through the admin API, left alone (same bytes, same inode) while nothing moves, and kept as it was
// while the admin API is away for a moment, with one line on stderr for the whole outage.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ficusEntry, repoRoot } from '../../support/cli.js';
import { ALICE, adminCall, startScenario, stopScenario, type Scenario } from '../admin/admin-fixture.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** An HTTP hop in front of the admin API that counts the watcher's polls and can go away (each request's connection cut). */
async function startAdminHop(adminUrl: string) {
  const state = { away: false, polls: 0, refused: 0 };
  const server = http.createServer((req, res) => {
    if (state.away) {
      state.refused++;
      req.socket.destroy();
      return;
    }
    if (req.method === 'GET' && req.url === '/api/routes') state.polls++;
    void fetch(adminUrl + req.url, { method: req.method, headers: { authorization: String(req.headers.authorization ?? '') } }).then(async (r) => {
      res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json' }).end(Buffer.from(await r.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    state,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

describe('ficus export --watch', { timeout: 180_000 }, () => {
  let s: Scenario;
  let hop: Awaited<ReturnType<typeof startAdminHop>>;
  const dir = mkdtempSync(path.join(tmpdir(), 'ficus-export-watch-'));

  beforeAll(async () => {
    s = await startScenario();
    hop = await startAdminHop(s.live.adminUrl);
  });
  afterAll(async () => {
    await hop?.close();
    await stopScenario(s);
  });

  const weightsIn = (file: string) => {
    const docs = parseAllDocuments(readFileSync(file, 'utf8')) as unknown as { toJS(): Obj }[];
    const route = docs.map((d) => d.toJS()).find((o) => o.metadata.annotations?.['ficus.dev/route'] === 'catalog-products');
    return JSON.stringify(Object.fromEntries(route!.spec.rules[0].backendRefs.map((b: Obj) => [b.name, b.weight])));
  };
  const fileId = (file: string) => {
    const st = statSync(file);
    return `${st.ino}:${st.mtimeMs}`;
  };

  it('rewrites on a cutover, leaves the file alone while nothing moves, and rides out an admin API outage', async () => {
    const out = path.join(dir, 'routes.yaml');
    const args = ['export', '--to', 'gateway-api', '--admin-url', hop.url, '--token', ALICE, '--backend', 'monolith=shop:3000', '--backend', 'catalog=catalog:4001'];
    const child = spawn(process.execPath, [ficusEntry, ...args, '-o', out, '--watch', '--interval', '1', '--lossy'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const lines = (re: RegExp) => stderr.split('\n').filter((l) => re.test(l));
    try {
      await expect.poll(() => existsSync(out), { timeout: 60_000, interval: 100 }).toBe(true);
      expect(weightsIn(out)).toBe(JSON.stringify({ shop: 10000 }));

      // Nothing moves: three more polls, the same file (a rewrite would rename a new inode over it).
      const written = fileId(out);
      const polled = hop.state.polls;
      await expect.poll(() => hop.state.polls, { timeout: 30_000, interval: 100 }).toBeGreaterThanOrEqual(polled + 3);
      expect(fileId(out)).toBe(written);
      expect(lines(/rewritten/)).toHaveLength(0);

      // A cutover through the admin API: the next poll rewrites the file.
      const moved = await adminCall(s.live.adminUrl, 'PATCH', '/api/routes/catalog-products', ALICE, { mode: 'canary', percent: 20, force: true, reason: 'watch test' });
      expect(moved.status).toBe(200);
      await expect.poll(() => weightsIn(out), { timeout: 30_000, interval: 100 }).toBe(JSON.stringify({ shop: 8000, catalog: 2000 }));
      await expect.poll(() => lines(/rewritten/).length, { timeout: 10_000, interval: 50 }).toBe(1);
      const canary = readFileSync(out, 'utf8');

      // The admin API goes away for several polls: the file stays, one line says why.
      hop.state.away = true;
      await expect.poll(() => hop.state.refused, { timeout: 30_000, interval: 100 }).toBeGreaterThanOrEqual(3);
      expect(readFileSync(out, 'utf8')).toBe(canary);
      expect(lines(/not rewritten/)).toEqual([expect.stringMatching(/^ficus export: not rewritten: cannot reach the admin API at http:\/\/127\.0\.0\.1:\d+ .*\(FICUS_CLI_ADMIN_UNREACHABLE\)$/)]);
      expect(child.exitCode).toBeNull();

      // Back, and a further cutover is followed.
      hop.state.away = false;
      await expect.poll(() => lines(/is current again/).length, { timeout: 30_000, interval: 100 }).toBe(1);
      expect(readFileSync(out, 'utf8')).toBe(canary);
      const promoted = await adminCall(s.live.adminUrl, 'PATCH', '/api/routes/catalog-products', ALICE, { mode: 'service', force: true, reason: 'watch test' });
      expect(promoted.status).toBe(200);
      await expect.poll(() => weightsIn(out), { timeout: 30_000, interval: 100 }).toBe(JSON.stringify({ catalog: 10000 }));
      expect(lines(/not rewritten/)).toHaveLength(1);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});

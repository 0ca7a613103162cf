// Two `ficus gateway` OS processes, as a fleet runs them, on one real PostgreSQL database: a cutover
// made through one replica's admin API is seen by the other's API and routing within 2 s.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ficusEntry, repoRoot } from '../../support/cli.js';
import { createPgDatabase, pgTitle, pgUrl } from '../../support/pg.js';
import { ALICE, adminCall, startUpstream, within2s, type Upstream } from './admin-fixture.js';

interface ReplicaProcess {
  child: ChildProcess;
  url: string;
  adminUrl: string;
}

/** Starts `ficus gateway -c file` and resolves once it prints the ports it listens on. */
function startGatewayProcess(file: string): Promise<ReplicaProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ficusEntry, 'gateway', '-c', file], {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`gateway did not start in time:\n${stderr}`)), 90_000);
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d;
      const m = /listening on [^:]+:(\d+), admin on [^:]+:(\d+)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: `http://127.0.0.1:${m[1]}`, adminUrl: `http://127.0.0.1:${m[2]}` });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited with ${code} before listening:\n${stderr}`));
    });
  });
}

function stopProcess(p: ReplicaProcess | undefined): Promise<void> {
  if (!p || p.child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    p.child.once('exit', () => resolve());
    p.child.kill('SIGTERM');
  });
}

describe.skipIf(!pgUrl)(pgTitle('fleet: two ficus gateway processes on one PostgreSQL store'), () => {
  let db: { url: string; drop: () => Promise<void> };
  let monolith: Upstream;
  let service: Upstream;
  let a: ReplicaProcess;
  let b: ReplicaProcess;

  beforeAll(async () => {
    db = await createPgDatabase();
    monolith = await startUpstream('monolith');
    service = await startUpstream('service');
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ficus-fleet-')), 'ficus.gateway.yaml');
    writeFileSync(
      file,
      stringify({
        listen: { host: '127.0.0.1', port: 0 },
        monolith: { url: monolith.url },
        services: { catalog: { url: service.url, timeoutMs: 2000 } },
        store: { url: db.url },
        admin: { host: '127.0.0.1', port: 0, tokens: [{ name: 'alice', token: ALICE }] },
        routes: [{ id: 'catalog-products', match: { methods: ['GET'], path: '/api/products/:id' }, service: 'catalog', mode: 'shadow' }],
      }),
    );
    [a, b] = await Promise.all([startGatewayProcess(file), startGatewayProcess(file)]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([stopProcess(a), stopProcess(b)]);
    await monolith?.close();
    await service?.close();
    await db?.drop();
  });

  it('sees a cutover made through the other process within 2 s, in its API and its routing', async () => {
    const before = await adminCall(b.adminUrl, 'GET', '/api/routes/catalog-products', ALICE);
    expect(before.body).toMatchObject({ mode: 'shadow', source: 'config' });

    const change = await adminCall(a.adminUrl, 'PATCH', '/api/routes/catalog-products', ALICE, { mode: 'service', force: true, reason: 'fleet process test' });
    expect(change.status).toBe(200);
    expect(await within2s(async () => (await adminCall(b.adminUrl, 'GET', '/api/routes/catalog-products', ALICE)).body.mode === 'service')).toBe(true);
    const res = await fetch(`${b.url}/api/products/7`);
    expect(((await res.json()) as { from: string }).from).toBe('service');
    expect(res.headers.get('x-ficus-backend')).toBe('service');
  });
});

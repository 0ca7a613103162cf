import { afterEach, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import http from 'node:http';
import { pino, type Logger } from 'pino';
import { z } from 'zod';
import knexFactory, { type Knex } from 'knex';
import { waitFor } from '../gateway/support/wait-for.js';
import { createService, HttpError, loadServiceConfig, baseServiceConfigSchema, ROUTE_NOT_FOUND_TYPE, type Service } from '../../services/kit/index.js';

const started: Service<any, any>[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});

function captureLogs(): { logger: Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  });
  return { logger: pino<never>({ level: 'info' }, stream), lines: () => chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l)) };
}

async function start<D extends Record<string, unknown>>(options: Parameters<typeof createService<D, unknown>>[0]): Promise<{ service: Service<D, unknown>; base: string }> {
  const service = createService<D, unknown>({ defaultMetrics: false, logLevel: 'silent', ...options });
  started.push(service);
  const port = await service.listen(0);
  return { service, base: `http://127.0.0.1:${port}` };
}

describe('createService', () => {
  it('answers /healthz, and /readyz over a real SQLite knex pool', async () => {
    const db = knexFactory({ client: 'better-sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true });
    const { base } = await start({ name: 'catalog', deps: { db }, routes: () => {} });
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', service: 'catalog' });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { status: string; checks: { name: string; ok: boolean }[] };
    expect(body.status).toBe('ready');
    expect(body.checks).toEqual([expect.objectContaining({ name: 'db', ok: true })]);
  });

  it('answers /readyz 503 naming the dependency that failed, while /healthz stays 200', async () => {
    const db = knexFactory({ client: 'better-sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true });
    const search = { ready: async () => Promise.reject(new Error('search index offline')) };
    const { base } = await start({ name: 'catalog', deps: { db, search }, routes: () => {} });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as { failed: string[]; checks: { name: string; ok: boolean; error?: string }[] };
    expect(body.failed).toEqual(['search']);
    expect(body.checks.find((c) => c.name === 'search')?.error).toContain('search index offline');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('injects fakes in one line: the routes see the fake dependency', async () => {
    const fakeDb = { products: [{ id: 1, name: 'Fig tree' }] };
    const { base } = await start({
      name: 'catalog',
      deps: { db: fakeDb },
      routes: (r, { deps }) => {
        r.get('/api/products/:id', (req, res) => {
          const p = deps.db.products.find((x) => x.id === Number(req.params.id));
          if (!p) throw new HttpError(404, `no product ${req.params.id}`);
          res.json(p);
        });
      },
    });
    expect(await (await fetch(`${base}/api/products/1`)).json()).toEqual({ id: 1, name: 'Fig tree' });
    const missing = await fetch(`${base}/api/products/2`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    expect(await missing.json()).toMatchObject({ status: 404, title: 'Not Found', detail: 'no product 2', instance: '/api/products/2' });
  });

  it('answers unknown paths and thrown errors with problem+json, bad JSON bodies with 400', async () => {
    const { base } = await start({
      name: 'svc',
      routes: (r) => {
        r.get('/boom', async () => {
          throw new Error('secret internals');
        });
        r.post('/echo', (req, res) => res.json(req.body));
      },
    });
    const nf = await fetch(`${base}/nope`);
    expect(nf.status).toBe(404);
    expect(await nf.json()).toMatchObject({ type: ROUTE_NOT_FOUND_TYPE, status: 404 });
    const boom = await fetch(`${base}/boom`);
    expect(boom.status).toBe(500);
    const boomText = await boom.text();
    expect(boomText).not.toContain('secret internals');
    expect(JSON.parse(boomText)).toMatchObject({ status: 500, title: 'Internal Server Error' });
    const bad = await fetch(`${base}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ status: 400 });
  });

  it('propagates x-request-id from the gateway into the response and the logs, and creates one when absent', async () => {
    const logs = captureLogs();
    const { base } = await start({ name: 'svc', logger: logs.logger, routes: (r) => r.get('/x', (_req, res) => res.json({})) });
    const given = await fetch(`${base}/x`, { headers: { 'x-request-id': 'gw-123' } });
    expect(given.headers.get('x-request-id')).toBe('gw-123');
    const fresh = await fetch(`${base}/x`);
    const freshId = fresh.headers.get('x-request-id');
    expect(freshId).toMatch(/^[0-9a-f-]{36}$/);
    // A header that could forge log lines is replaced, not echoed.
    const forged = await fetch(`${base}/x`, { headers: { 'x-request-id': 'a b\tc' } });
    expect(forged.headers.get('x-request-id')).not.toBe('a b\tc');
    const requestLines = logs.lines().filter((l) => l.msg === 'request');
    expect(requestLines.map((l) => l.reqId)).toEqual(['gw-123', freshId, forged.headers.get('x-request-id')]);
    expect(requestLines[0]).toMatchObject({ method: 'GET', url: '/x', route: '/x', status: 200 });
  });

  it('counts requests by route pattern and status on /metrics, with default metrics', async () => {
    const service = createService({ name: 'svc', logLevel: 'silent', routes: (r) => r.get('/items/:id', (_req, res) => res.json({})) });
    started.push(service);
    const base = `http://127.0.0.1:${await service.listen(0)}`;
    await fetch(`${base}/items/1`);
    await fetch(`${base}/items/2`);
    await fetch(`${base}/missing`);
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(/http_requests_total\{method="GET",route="\/items\/:id",status="200",service="svc"\} 2/);
    expect(text).toMatch(/http_requests_total\{method="GET",route="\(unmatched\)",status="404",service="svc"\} 1/);
    expect(text).toMatch(/http_request_duration_seconds_count\{service="svc",method="GET",route="\/items\/:id",status="200"\} 2/);
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('counts a request the client gave up on as 499', async () => {
    let reached!: () => void;
    const arrived = new Promise<void>((r) => (reached = r));
    const service = createService({
      name: 'svc',
      logLevel: 'silent',
      defaultMetrics: false,
      routes: (r) =>
        r.get('/slow', async (_req, res) => {
          reached();
          await new Promise((resolve) => res.on('close', resolve));
        }),
    });
    started.push(service);
    const base = `http://127.0.0.1:${await service.listen(0)}`;
    const controller = new AbortController();
    const call = fetch(`${base}/slow`, { signal: controller.signal }).catch(() => 'aborted');
    await arrived;
    controller.abort();
    expect(await call).toBe('aborted');
    // The server sees the abort a moment after the client does.
    let text = '';
    await waitFor(async () => (text = await (await fetch(`${base}/metrics`)).text()).includes('status="499"'), 5000);
    expect(text).toMatch(/http_requests_total\{method="GET",route="\/slow",status="499",service="svc"\} 1/);
  });

  it('close() lets an in-flight request finish, refuses new connections, then closes the dependencies', async () => {
    const events: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const db = { close: async () => void events.push('db closed') };
    const { service, base } = await start({
      name: 'svc',
      deps: { db },
      routes: (r) =>
        r.get('/slow', async (_req, res) => {
          events.push('slow started');
          await gate;
          res.json({ done: true });
          events.push('slow responded');
        }),
    });
    const inflight = fetch(`${base}/slow`).then((res) => res.json());
    await waitFor(() => events.includes('slow started'), 60_000);
    const closed = service.close().then(() => events.push('closed'));
    await new Promise((r) => setTimeout(r, 50));
    expect(events).not.toContain('closed');
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
    release();
    expect(await inflight).toEqual({ done: true });
    await closed;
    expect(events).toEqual(['slow started', 'slow responded', 'db closed', 'closed']);
  });

  it('close() cuts a request that outlives the grace period', async () => {
    const { service, base } = await start({ name: 'svc', shutdownGraceMs: 100, routes: (r) => r.get('/hang', () => new Promise(() => {})) });
    const hung = fetch(`${base}/hang`).then(
      () => 'answered',
      () => 'cut',
    );
    await new Promise((r) => setTimeout(r, 50));
    await service.close();
    expect(await hung).toBe('cut');
  });

  it('closes on SIGTERM through handleShutdownSignals', async () => {
    const { handleShutdownSignals } = await import('../../services/kit/index.js');
    const { service, base } = await start({ name: 'svc', routes: () => {} });
    let exitCode: number | undefined;
    const exited = new Promise<void>((resolve) => {
      const remove = handleShutdownSignals(service, (code) => {
        exitCode = code;
        remove();
        resolve();
      });
    });
    process.emit('SIGTERM', 'SIGTERM');
    await exited;
    expect(exitCode).toBe(0);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });

  it('listen(0) resolves to a real bound port', async () => {
    const { service } = await start({ name: 'svc', routes: () => {} });
    const port = Number(new URL(service.url()).port);
    expect(port).toBeGreaterThan(0);
    const status = await new Promise<number>((resolve, reject) => http.get(`http://127.0.0.1:${port}/healthz`, (res) => resolve(res.statusCode!)).on('error', reject));
    expect(status).toBe(200);
    await expect(service.listen(0)).rejects.toMatchObject({ code: 'FICUS_SERVICE_LISTENING' });
  });
});

describe('loadServiceConfig', () => {
  const schema = baseServiceConfigSchema.extend({ DATABASE_URL: z.string().startsWith('sqlite:').or(z.string().startsWith('postgres://')) });

  it('parses, applies defaults and freezes', () => {
    const config = loadServiceConfig(schema, { PORT: '4001', DATABASE_URL: 'sqlite:x.db', UNRELATED: 'y' });
    expect(config).toMatchObject({ PORT: 4001, HOST: '127.0.0.1', LOG_LEVEL: 'info', DATABASE_URL: 'sqlite:x.db' });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('lists every bad variable by name in one error with a stable code', () => {
    let caught: unknown;
    try {
      loadServiceConfig(schema, { PORT: 'eighty', LOG_LEVEL: 'loud', DATABASE_URL: '' });
    } catch (err) {
      caught = err;
    }
    expect(caught).toMatchObject({ code: 'FICUS_SERVICE_CONFIG_INVALID' });
    const problems = (caught as { details: { problems: { variable: string }[] } }).details.problems;
    expect(problems.map((p) => p.variable).sort()).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'PORT']);
    for (const name of ['PORT', 'LOG_LEVEL', 'DATABASE_URL']) expect((caught as Error).message).toContain(name);
  });
});

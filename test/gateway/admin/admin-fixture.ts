// A live gateway (createGateway wires the admin plane) for admin tests: real upstreams on port 0, a real store,
// real traffic. `clock.now` is the injected time, so rollback windows need no sleeping.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { assertValidConfig } from '../../../gateway/config/validate-config.js';
import type { GatewayConfig } from '../../../gateway/config/schema.js';
import { createGateway, type Gateway } from '../../../gateway/create-gateway.js';
import { openStore, type OpenStore } from '../../../gateway/store/open-store.js';
import { startUpstream as startRecordingUpstream } from '../support/upstreams.js';
import { waitFor } from '../support/wait-for.js';

export const ALICE = 'alice-token-0123456789abcdef';
export const BOB = 'bob-token-0123456789abcdef00';

export interface Upstream {
  url: string;
  hits: () => number;
  close: () => Promise<void>;
}

/** A JSON upstream on port 0 answering `{ from: name, url }`; `status(url)` decides each answer's status (default 200). */
export async function startUpstream(name: string, status: (url: string) => number = () => 200): Promise<Upstream> {
  const upstream = await startRecordingUpstream((req, res) => {
    res.writeHead(status(req.url), { 'content-type': 'application/json' });
    res.end(JSON.stringify({ from: name, url: req.url }));
  });
  return { url: upstream.url, hits: () => upstream.seen.length, close: upstream.close };
}

export function tempSqliteUrl(): string {
  return `sqlite:${path.join(mkdtempSync(path.join(tmpdir(), 'ficus-admin-')), 'gateway.db')}`;
}

/** A config with two routes: catalog-products (shadow, service catalog) and orders (monolith only). */
export function adminTestConfig(o: { monolith: string; service: string; storeUrl: string; guard?: Record<string, unknown> }): GatewayConfig {
  return assertValidConfig({
    listen: { host: '127.0.0.1', port: 0 },
    monolith: { url: o.monolith },
    services: { catalog: { url: o.service, timeoutMs: 2000 } },
    store: { url: o.storeUrl },
    admin: { host: '127.0.0.1', port: 0, tokens: [{ name: 'alice', token: ALICE }, { name: 'bob', token: BOB }] },
    routes: [
      {
        id: 'catalog-products',
        match: { methods: ['GET', 'HEAD'], path: '/api/products/:id' },
        service: 'catalog',
        mode: 'shadow',
        sticky: { header: 'x-user-id' },
        guard: o.guard ?? { promote: { minSamples: 20, minMatchRate: 0.95 }, rollback: { maxErrorRate: 0.2, windowS: 60, minRequests: 10 } },
      },
      { id: 'orders', match: { path: '/api/orders/:id' } },
    ],
  });
}

export interface LiveGateway {
  gateway: Gateway;
  store: OpenStore;
  url: string; // data plane
  adminUrl: string;
  clock: { now: number };
  logs: Array<Record<string, unknown>>;
  close: () => Promise<void>;
}

/** Starts a gateway and its admin plane on port 0 against `config`. */
export async function startLiveGateway(config: GatewayConfig, o: { clock?: { now: number } } = {}): Promise<LiveGateway> {
  const clock = o.clock ?? { now: Date.now() };
  const logs: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) });
  const store = await openStore(config.store.url);
  const gateway = createGateway(config, { logger, now: () => clock.now, rng: () => 0.5, store });
  const { port, adminPort } = await gateway.listen();
  return {
    gateway,
    store,
    url: `http://127.0.0.1:${port}`,
    adminUrl: `http://127.0.0.1:${adminPort}`,
    clock,
    logs,
    close: async () => {
      await gateway.close();
      await store.close();
    },
  };
}

export interface Scenario {
  monolith: Upstream;
  service: Upstream;
  live: LiveGateway;
}

/**
 * Two upstreams on port 0 and a live gateway over a fresh SQLite store, routes as in adminTestConfig.
 * Upstreams answer `{ from: name, url }`; the same name for both makes every shadow comparison match.
 */
export async function startScenario(o: { names?: [string, string]; serviceStatus?: (url: string) => number; guard?: Record<string, unknown> } = {}): Promise<Scenario> {
  const [monolithName, serviceName] = o.names ?? ['monolith', 'service'];
  const monolith = await startUpstream(monolithName);
  const service = await startUpstream(serviceName, o.serviceStatus);
  const live = await startLiveGateway(adminTestConfig({ monolith: monolith.url, service: service.url, storeUrl: tempSqliteUrl(), guard: o.guard }));
  return { monolith, service, live };
}

/** Stops what startScenario started (pass the current gateway if a test restarted it). */
export async function stopScenario(s: Partial<Scenario> | undefined): Promise<void> {
  await s?.live?.close();
  await s?.monolith?.close();
  await s?.service?.close();
}

/** Calls the admin API with a token (or none) and returns status and parsed body. */
export async function adminCall(base: string, method: string, p: string, token?: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(base + p, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // keep text
  }
  return { status: res.status, body: parsed };
}

/** Sends `n` GETs through the data plane, each as a different user. */
export async function sendTraffic(base: string, n: number, pathFor = (i: number) => `/api/products/${i}`): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) {
    const res = await fetch(base + pathFor(i), { headers: { 'x-user-id': `user-${i}` } });
    await res.arrayBuffer();
    statuses.push(res.status);
  }
  return statuses;
}

/** Polls `read` until it returns true or 2 s have passed (the fleet's propagation bound); returns how it ended. */
export async function within2s(read: () => Promise<boolean>): Promise<boolean> {
  return waitFor(read, 2000, 25).then(
    () => true,
    () => read(),
  );
}

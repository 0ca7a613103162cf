// The strangler flow end to end against real components: the analyzer on the fixture's sources, the shop
// on a seeded SQLite file, `data copy` into the catalog's own database, the catalog service as its own
// process (twice: a faithful build and one with CATALOG_BREAK=price), and real gateways in front.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../analyzer/analyze.js';
import type { Report } from '../../analyzer/types.js';
import { startChild, type RunningChild } from '../../demo/child-process.js';
import { fixtureDir } from '../../demo/paths.js';
import type { RouteEvent } from '../../gateway/store/route-events-store.js';
import { CATALOG_TABLES } from '../../services/catalog/migrations/index.js';
import { startGateway, type RunningGateway } from '../gateway/support/start-gateway.js';
import { createAdminApi, type AdminApi } from './support/admin-api.js';
import { fillCatalogFrom, getJson, startShopOnFile, withoutPerCallFields, type ShopOnFile } from './support/catalog-pair.js';

const TOKEN = 'e2e-admin-token-0123456789';
const MIN_SAMPLES = 20;
const work = mkdtempSync(path.join(tmpdir(), 'ficus-strangler-'));
const open: { close(): Promise<unknown> }[] = [];

let report: Report;
let shop: ShopOnFile;
let copy: Awaited<ReturnType<typeof fillCatalogFrom>>;
let catalog: RunningChild;
let broken: RunningChild;

/** The catalog service as a process of its own (tsx from source), on its own SQLite database. */
async function startCatalogProcess(name: string, env: Record<string, string> = {}): Promise<RunningChild> {
  const child = await startChild({
    name,
    module: 'services/catalog/server',
    env: { PORT: '0', DATABASE_URL: `sqlite:${path.join(work, `${name}.db`)}`, LOG_LEVEL: 'info', ...env },
    logFile: path.join(work, `${name}.log`),
    readUrl: (line) => {
      const m = /"port":(\d+).*"msg":"listening"/.exec(line);
      return m ? `http://127.0.0.1:${m[1]}` : undefined;
    },
  });
  open.push({ close: () => child.stop() });
  return child;
}

/** A gateway in front of the shop whose catalog read routes (from the analyzer's seam) go to `serviceUrl`. */
async function startCatalogGateway(serviceUrl: string): Promise<{ gw: RunningGateway; admin: AdminApi; routes: Map<string, string> }> {
  const seam = report.seams.find((s) => s.id === 'catalog')!;
  const reads = seam.routes.filter((r) => r.startsWith('GET ')).map((r) => r.slice(4));
  const idOf = (p: string) => `catalog${p.replace(/[^a-z]+/g, '-')}`.replace(/-$/, '');
  const gw = await startGateway({
    // Generous upstream timeouts: shop, gateway and test share one event loop on a shared machine.
    monolith: { url: shop.shop.url, timeoutMs: 30_000 },
    services: { catalog: { url: serviceUrl, timeoutMs: 30_000 } },
    admin: { token: TOKEN },
    routes: reads.map((p) => ({
      id: idOf(p),
      match: { methods: ['GET', 'HEAD'], path: p },
      service: 'catalog',
      mode: 'monolith',
      sticky: { header: 'x-user-id' },
      shadow: { noiseSample: 50 },
      guard: { promote: { minSamples: MIN_SAMPLES, minMatchRate: 0.99 } },
    })),
  });
  open.push(gw);
  return { gw, admin: createAdminApi(gw.adminPort, TOKEN), routes: new Map(reads.map((p) => [p, idOf(p)])) };
}

/** Runs `fn` over `items`, a few at a time, like a handful of concurrent clients. */
async function inBatches<T, R>(items: T[], fn: (item: T) => Promise<R>, size = 4): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return out;
}

beforeAll(async () => {
  const analyzed = await analyze({ dir: fixtureDir, outDir: work, formats: ['json'] });
  report = analyzed.report;
  shop = await startShopOnFile('ficus-strangler-shop-');
  open.push(shop);
  copy = await fillCatalogFrom(shop, `sqlite:${path.join(work, 'catalog.db')}`);
  await fillCatalogFrom(shop, `sqlite:${path.join(work, 'catalog-broken.db')}`);
  [catalog, broken] = await Promise.all([startCatalogProcess('catalog'), startCatalogProcess('catalog-broken', { CATALOG_BREAK: 'price' })]);
}, 120_000);

afterAll(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
  rmSync(work, { recursive: true, force: true });
});

describe('analyze → copy', () => {
  it('finds the catalog seam with its read routes and the tables the service takes along', () => {
    const seam = report.seams.find((s) => s.id === 'catalog');
    expect(seam?.routes).toEqual(expect.arrayContaining(['GET /api/products', 'GET /api/products/:id', 'GET /api/categories/:id/products', 'GET /api/brands/:id', 'GET /api/search']));
    const tables = [...seam!.ownedTables, ...seam!.sharedTables.map((t) => t.table)];
    expect(tables).toEqual(expect.arrayContaining([...CATALOG_TABLES]));
  });

  it('copies every catalog row into the service’s own database, verified by counts and checksums', async () => {
    expect(copy.ok).toBe(true);
    for (const table of CATALOG_TABLES) {
      const [{ n }] = await shop.shop.knex(table).count({ n: '*' });
      expect(copy.copied.find((c) => c.table === table)?.rows, table).toBe(Number(n));
    }
  });
});

describe('shadow → canary → service with a faithful catalog', () => {
  let gw: RunningGateway;
  let admin: AdminApi;
  let routes: Map<string, string>;
  const product = () => routes.get('/api/products/:id')!;
  beforeAll(async () => {
    ({ gw, admin, routes } = await startCatalogGateway(catalog.url));
  });
  const base = () => `http://127.0.0.1:${gw.port}`;

  it('puts the read routes in shadow, and the guard refuses a canary on thin evidence (409)', async () => {
    for (const id of routes.values()) expect((await admin.call('PATCH', `/api/routes/${id}`, { mode: 'shadow' })).status).toBe(200);
    for (const id of [1, 2, 3]) expect((await getJson(base(), `/api/products/${id}`)).status).toBe(200);
    await admin.waitForDiffs(product(), (d) => d.compared === 3);
    const refused = await admin.call('PATCH', `/api/routes/${product()}`, { mode: 'canary', percent: 25 });
    expect(refused.status).toBe(409);
    // With 3 samples the match rate may also fall short (noise is learned from a sampled share of calls,
    // so the per-call fields may not be known as noise yet); the sample count always does.
    expect(refused.body).toMatchObject({ code: 'FICUS_ADMIN_GUARD_REFUSED', shortfalls: expect.arrayContaining([{ metric: 'samples', required: MIN_SAMPLES, actual: 3 }]) });
  });

  it('answers every client from the monolith while the diffs find no real difference, per-call fields as noise', async () => {
    const urls = [...routes.keys()].flatMap((p) => Array.from({ length: MIN_SAMPLES }, (_, i) => p.replace(':id', String((i % 12) + 1)) + (p === '/api/search' ? '?q=smart' : '')));
    const replies = await inBatches(urls, (url) => getJson(base(), url));
    expect(replies.map((r) => `${r.status} ${r.headers['x-ficus-backend']}`)).toEqual(urls.map(() => '200 monolith'));
    for (const [p, id] of routes) {
      const want = p === '/api/products/:id' ? MIN_SAMPLES + 3 : MIN_SAMPLES;
      const diffs = await admin.waitForDiffs(id, (d) => d.compared === want);
      expect(diffs, id).toMatchObject({ compared: want, matched: want, mismatched: 0, matchRate: 1 });
      expect(diffs.fields.filter((f) => !f.noise), id).toEqual([]);
      expect(diffs.fields.filter((f) => f.noise).map((f) => f.path).sort(), id).toEqual(['$.generatedAt', '$.requestId']);
    }
  });

  it('promotes to a sticky canary through the guard: a share of users on the service, each user on one backend', async () => {
    for (const id of routes.values()) {
      const res = await admin.call('PATCH', `/api/routes/${id}`, { mode: 'canary', percent: 30, reason: 'clean shadow diffs' });
      expect(res.status, id).toBe(200);
    }
    const backends = new Map<string, Set<string>>();
    for (let u = 0; u < 30; u++) {
      for (const id of [5, 6]) {
        const reply = await getJson(base(), `/api/products/${id}`, { 'x-user-id': `u${u}` });
        expect(reply.status).toBe(200);
        backends.set(`u${u}`, (backends.get(`u${u}`) ?? new Set()).add(String(reply.headers['x-ficus-backend'])));
      }
    }
    expect([...backends.values()].every((b) => b.size === 1)).toBe(true);
    const onService = [...backends.values()].filter((b) => b.has('service')).length;
    expect(onService).toBeGreaterThan(0);
    expect(onService).toBeLessThan(30);
  });

  it('promotes to service: every catalog read is answered by the service, with the monolith’s answers', async () => {
    for (const id of routes.values()) expect((await admin.call('PATCH', `/api/routes/${id}`, { mode: 'service' })).status, id).toBe(200);
    for (const url of ['/api/products/42', '/api/products?categoryId=2&limit=5', '/api/categories/3/products', '/api/brands/7', '/api/search?q=lamp', '/api/products/9999']) {
      const [viaGateway, direct] = await Promise.all([getJson(base(), url), getJson(shop.shop.url, url)]);
      expect(viaGateway.headers['x-ficus-backend'], url).toBe('service');
      expect(viaGateway.status, url).toBe(direct.status);
      expect(withoutPerCallFields(viaGateway.body), url).toEqual(withoutPerCallFields(direct.body));
    }
  });

  it('keeps the whole story in the audit log, the refusal included', async () => {
    const { body } = await admin.call<{ events: RouteEvent[] }>('GET', `/api/events?route=${product()}`);
    const story = body.events.reverse().map((e) => `${e.action} ${e.from.mode}→${e.to.mode}`);
    expect(story).toEqual(['cutover monolith→shadow', 'refused shadow→canary', 'cutover shadow→canary', 'cutover canary→service']);
  });
});

describe('a deliberately broken catalog (CATALOG_BREAK=price)', () => {
  let admin: AdminApi;
  let routes: Map<string, string>;
  let base: string;
  beforeAll(async () => {
    const started = await startCatalogGateway(broken.url);
    ({ admin, routes } = started);
    base = `http://127.0.0.1:${started.gw.port}`;
    for (const id of routes.values()) await admin.call('PATCH', `/api/routes/${id}`, { mode: 'shadow' });
  });

  it('is caught by the shadow diff at $.price, on exactly the products it breaks', async () => {
    for (let id = 1; id <= 30; id++) expect((await getJson(base, `/api/products/${id}`)).status).toBe(200);
    const diffs = await admin.waitForDiffs(routes.get('/api/products/:id')!, (d) => d.compared === 30);
    expect(diffs).toMatchObject({ compared: 30, matched: 20, mismatched: 10 });
    expect(diffs.fields.filter((f) => !f.noise)).toEqual([expect.objectContaining({ path: '$.price', kind: 'value', count: 10, noiseCount: 0, noise: false })]);
  });

  it('is caught in lists at $.items[*].price', async () => {
    for (let page = 0; page < 10; page++) await getJson(base, `/api/products?limit=10&offset=${page * 10}`);
    const diffs = await admin.waitForDiffs(routes.get('/api/products')!, (d) => d.compared === 10);
    expect(diffs.fields.filter((f) => !f.noise).map((f) => f.path)).toEqual(['$.items[*].price']);
    expect(diffs.mismatched).toBe(10);
  });

  it('is blocked by the promote guard (409 on the match rate) and stays in shadow', async () => {
    const id = routes.get('/api/products/:id')!;
    for (let n = 31; n <= 40; n++) await getJson(base, `/api/products/${n}`); // enough samples: only the match rate is short
    await admin.waitForDiffs(id, (d) => d.compared === 40);
    const refused = await admin.call('PATCH', `/api/routes/${id}`, { mode: 'canary', percent: 10 });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'FICUS_ADMIN_GUARD_REFUSED', shortfalls: [{ metric: 'matchRate', required: 0.99 }] });
    expect((await admin.call('GET', `/api/routes/${id}`)).body).toMatchObject({ mode: 'shadow' });
  });
});

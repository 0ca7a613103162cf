// The catalog service on its own database answers exactly like the monolith's catalog (per-call fields aside):
// the real shop and the real service side by side, the catalog's database filled by `ficus data copy`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_CATALOG_URLS, fillCatalogFrom, getJson, startShopOnFile, withoutPerCallFields, type ShopOnFile } from '../../test/e2e/support/catalog-pair.js';
import { createPgDatabase, pgTitle, pgUrl } from '../../test/support/pg.js';
import { openKnex, type KitError } from '../kit/index.js';
import { loadConfig } from './config.js';
import { buildService } from './service.js';

let shop: ShopOnFile;
beforeAll(async () => {
  shop = await startShopOnFile('ficus-catalog-');
});
afterAll(() => shop?.close());

/** Fills a catalog database at `url` and serves it on port 0; returns its base URL and a closer. */
async function serveCatalog(url: string, env: Record<string, string> = {}): Promise<{ base: string; close: () => Promise<void> }> {
  await fillCatalogFrom(shop, url);
  const service = buildService({ db: openKnex(url).knex }, loadConfig({ LOG_LEVEL: 'silent', ...env }));
  const port = await service.listen(0);
  return { base: `http://127.0.0.1:${port}`, close: () => service.close() };
}

async function expectSameAnswers(base: string, urls: string[]): Promise<void> {
  for (const url of urls) {
    const [mono, svc] = await Promise.all([getJson(shop.shop.url, url), getJson(base, url)]);
    expect({ url, status: svc.status }).toEqual({ url, status: mono.status });
    expect(withoutPerCallFields(svc.body), url).toEqual(withoutPerCallFields(mono.body));
  }
}

describe('catalog service on SQLite', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ficus-catalog-db-'));
  let catalog: { base: string; close: () => Promise<void> };
  beforeAll(async () => {
    catalog = await serveCatalog(`sqlite:${path.join(dir, 'catalog.db')}`);
  });
  afterAll(async () => {
    await catalog?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the seeded catalog exactly as the monolith does, 400s and 404s included', async () => {
    const sample = await getJson(catalog.base, '/api/products/1');
    expect(sample.body).toMatchObject({ id: 1, sku: 'SKU-00001', generatedAt: expect.any(String), requestId: expect.any(String) });
    await expectSameAnswers(catalog.base, SAMPLE_CATALOG_URLS);
  });

  it('carries the caller’s x-request-id into the body, as the gateway sends it', async () => {
    const reply = await getJson(catalog.base, '/api/brands/1', { 'x-request-id': 'from-the-gateway-1' });
    expect(reply.body).toMatchObject({ id: 1, requestId: 'from-the-gateway-1' });
  });

  it('writes to its own database with the monolith’s answers and validation errors', async () => {
    const post = (base: string, url: string, body: unknown, method = 'POST') =>
      fetch(base + url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: withoutPerCallFields(await r.json()) }));
    const brand = { name: 'Ficus Works', country: 'nl' };
    const product = { sku: 'FICUS-1', name: 'Strangler Fig Pot', priceCents: 1999, categoryId: 2, brandId: 3 };
    for (const [url, body, method] of [
      ['/api/brands', brand, 'POST'],
      ['/api/brands', brand, 'POST'], // 409 the second time
      ['/api/products', { ...product, sku: 'lower' }, 'POST'], // 400 with every problem
      ['/api/products/5', { priceCents: 1234 }, 'PATCH'],
    ] as const) {
      const [mono, svc] = await Promise.all([post(shop.shop.url, url, body, method), post(catalog.base, url, body, method)]);
      expect(svc.status, `${method} ${url}`).toBe(mono.status);
      const strip = (b: unknown) => JSON.parse(JSON.stringify(b, (k, v) => (k === 'updatedAt' ? undefined : v)));
      expect(strip(svc.body), `${method} ${url}`).toEqual(strip(mono.body));
    }
    expect((await post(catalog.base, '/api/products', product)).status).toBe(201);
    expect(await getJson(catalog.base, '/api/products/5')).toMatchObject({ body: { priceCents: 1234, price: '12.34' } });
  });

  it('is ready on its own database', async () => {
    expect(await getJson(catalog.base, '/readyz')).toMatchObject({ status: 200, body: { status: 'ready', service: 'catalog', failed: [] } });
  });
});

describe('a deliberately broken catalog (CATALOG_BREAK=price)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ficus-catalog-broken-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('changes only `price`, and only on every third product', async () => {
    const broken = await serveCatalog(`sqlite:${path.join(dir, 'catalog.db')}`, { CATALOG_BREAK: 'price' });
    try {
      for (const id of [1, 2, 3, 6]) {
        const [mono, svc] = await Promise.all([getJson(shop.shop.url, `/api/products/${id}`), getJson(broken.base, `/api/products/${id}`)]);
        const m = withoutPerCallFields(mono.body) as Record<string, unknown>;
        const s = withoutPerCallFields(svc.body) as Record<string, unknown>;
        if (id % 3 === 0) {
          expect(s.price).not.toBe(m.price);
          expect({ ...s, price: m.price }).toEqual(m);
        } else {
          expect(s).toEqual(m);
        }
      }
    } finally {
      await broken.close();
    }
  });
});

describe('catalog configuration', () => {
  it('lists every bad variable at once with a stable code', () => {
    let error: KitError | undefined;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', CATALOG_BREAK: 'everything' });
    } catch (err) {
      error = err as KitError;
    }
    expect(error?.code).toBe('FICUS_SERVICE_CONFIG_INVALID');
    expect((error?.details.problems as { variable: string }[]).map((p) => p.variable).sort()).toEqual(['CATALOG_BREAK', 'DATABASE_URL', 'PORT']);
  });
});

describe.skipIf(!pgUrl)(pgTitle('catalog service on PostgreSQL, filled from the SQLite monolith'), () => {
  it('serves the same answers as the monolith', async () => {
    const db = await createPgDatabase('ficus_catalog');
    const catalog = await serveCatalog(db.url);
    try {
      await expectSameAnswers(catalog.base, SAMPLE_CATALOG_URLS);
    } finally {
      await catalog.close();
      await db.drop();
    }
  });
});

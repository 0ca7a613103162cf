// The shop on a real PostgreSQL database: same seed, same answers as on SQLite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShop, type RunningShop } from '../src/start-shop.js';
import { createPgDatabase, pgTitle, pgUrl } from '../../test/support/pg.js';
import { getJson, request, SAMPLE_GETS, stable } from './http.js';

describe.skipIf(!pgUrl)(pgTitle('shop on PostgreSQL'), () => {
  let pgShop: RunningShop;
  let sqliteShop: RunningShop;
  let database: { url: string; drop: () => Promise<void> };

  beforeAll(async () => {
    process.env.LOG_LEVEL = 'silent';
    database = await createPgDatabase('shop_t');
    [pgShop, sqliteShop] = await Promise.all([startShop({ port: 0, databaseUrl: database.url }), startShop({ port: 0, databaseUrl: ':memory:' })]);
  });
  afterAll(async () => {
    await pgShop?.close();
    await sqliteShop?.close();
    await database?.drop();
  });

  it('boots, migrates and seeds', async () => {
    expect((await getJson(pgShop.url, '/readyz')).body).toEqual({ status: 'ready' });
    const { body } = await getJson(pgShop.url, '/api/products?limit=1');
    expect(body.items[0].sku).toBe('SKU-00001');
  });

  it('answers sampled routes of several domains exactly as SQLite does', async () => {
    for (const url of SAMPLE_GETS) {
      const [pg, lite] = await Promise.all([getJson(pgShop.url, url), getJson(sqliteShop.url, url)]);
      expect({ url, status: pg.status, body: stable(pg.body) }).toEqual({ url, status: lite.status, body: stable(lite.body) });
    }
  });

  it('runs the raw-SQL reports with the same numbers', async () => {
    for (const url of ['/api/reports/sales-by-category', '/api/reports/top-customers?limit=5', '/api/reports/brand-scorecard', '/api/reports/inventory-value', '/api/reports/stock-coverage', '/api/reports/stock-reconciliation']) {
      const [pg, lite] = await Promise.all([getJson(pgShop.url, url), getJson(sqliteShop.url, url)]);
      expect(pg.status).toBe(200);
      expect(pg.body.rows).toEqual(lite.body.rows);
    }
  });

  it('writes through a transaction: checkout on PostgreSQL', async () => {
    expect((await request(pgShop.url, 'POST', '/api/cart/70/items', { productId: 2, quantity: 1 })).status).toBe(201);
    const placed = await request(pgShop.url, 'POST', '/api/orders', { userId: 70 });
    expect(placed.status).toBe(201);
    expect(placed.body.items).toHaveLength(1);
    expect((await getJson(pgShop.url, `/api/orders/${placed.body.id}`)).body.status).toBe('pending');
  });
});

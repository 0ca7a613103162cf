// The shop on SQLite (a real file), over real HTTP: seeded data in several domains, catalog metadata, writes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SEED_PASSWORD } from '../src/db/seeds/accounts-seed.js';
import { startShop, type RunningShop } from '../src/start-shop.js';
import { getJson, request, stable } from './http.js';

describe('shop on SQLite', () => {
  let shop: RunningShop;
  let dir: string;

  beforeAll(async () => {
    process.env.LOG_LEVEL = 'silent';
    dir = mkdtempSync(path.join(tmpdir(), 'shop-'));
    shop = await startShop({ port: 0, databaseUrl: path.join(dir, 'shop.db') });
  });
  afterAll(async () => {
    await shop?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists seeded products in id order with integer cents and a fixed price string', async () => {
    const { status, body } = await getJson(shop.url, '/api/products?limit=3');
    expect(status).toBe(200);
    expect(body.total).toBeGreaterThan(250);
    expect(body.items.map((p: { id: number }) => p.id)).toEqual([1, 2, 3]);
    const p = body.items[0];
    expect(p.sku).toBe('SKU-00001');
    expect(Number.isInteger(p.priceCents)).toBe(true);
    expect(p.price).toBe((p.priceCents / 100).toFixed(2));
  });

  it('gives catalog answers a fresh generatedAt and requestId on every call, the rest unchanged', async () => {
    const a = await getJson(shop.url, '/api/products/1');
    const b = await getJson(shop.url, '/api/products/1');
    expect(a.body.requestId).not.toBe(b.body.requestId);
    expect(a.headers.get('x-request-id')).toBe(a.body.requestId);
    expect(Date.parse(a.body.generatedAt)).not.toBeNaN();
    expect(stable(a.body)).toEqual(stable(b.body));
    expect(a.body.images.length).toBeGreaterThan(0);
  });

  it('answers with seeded data across domains', async () => {
    const categories = await getJson(shop.url, '/api/categories');
    expect(categories.body.items).toHaveLength(12);
    const inCategory = await getJson(shop.url, '/api/categories/2/products?limit=100');
    expect(inCategory.body.items.every((p: { categoryId: number }) => p.categoryId === 2)).toBe(true);

    const order = await getJson(shop.url, '/api/orders/12');
    expect(order.status).toBe(200);
    expect(order.body.items.length).toBeGreaterThan(0);
    const sum = order.body.items.reduce((n: number, i: { lineTotalCents: number }) => n + i.lineTotalCents, 0);
    expect(order.body.subtotalCents).toBe(sum);

    const user = await getJson(shop.url, `/api/users/${order.body.userId}`);
    expect(user.body.email).toMatch(/@example\.com$/);
    const stock = await getJson(shop.url, '/api/inventory/products/5');
    expect(stock.body.warehouses.map((w: { warehouseCode: string }) => w.warehouseCode)).toEqual(['AMS', 'BER', 'PAR']);
    const reviews = await getJson(shop.url, '/api/reviews?productId=10');
    expect(reviews.body.total).toBe(reviews.body.items.length);
    const sales = await getJson(shop.url, '/api/reports/sales-by-category');
    expect(sales.body.rows.length).toBeGreaterThan(0);
    const runs = await getJson(shop.url, '/api/reports/runs');
    expect(runs.body.items[0].report).toBe('sales-by-category');
  });

  it('takes an order from cart to payment to shipment, moving stock', async () => {
    const { body: listed } = await getJson(shop.url, '/api/products?limit=10');
    let productId = 0;
    let before: { body: { available: number; warehouses: { available: number }[] } } | undefined;
    for (const p of listed.items as { id: number }[]) {
      before = await getJson(shop.url, `/api/inventory/products/${p.id}`);
      productId = p.id;
      if (before.body.warehouses.some((w: { available: number }) => w.available >= 2)) break;
    }
    const add = await request(shop.url, 'POST', '/api/cart/60/items', { productId, quantity: 2 });
    expect(add.status).toBe(201);
    const placed = await request(shop.url, 'POST', '/api/orders', { userId: 60, couponCode: 'welcome10' });
    expect(placed.status).toBe(201);
    expect(placed.body.discountCents).toBe(Math.floor(placed.body.subtotalCents / 10));
    const after = await getJson(shop.url, `/api/inventory/products/${productId}`);
    expect(after.body.available).toBe(before!.body.available - 2);

    const paid = await request(shop.url, 'POST', '/api/payments', { orderId: placed.body.id });
    expect(paid.body).toMatchObject({ status: 'captured', amountCents: placed.body.totalCents });
    const shipped = await request(shop.url, 'POST', `/api/orders/${placed.body.id}/shipments`, { carrier: 'dhl' });
    expect(shipped.status).toBe(201);
    const history = await getJson(shop.url, `/api/orders/${placed.body.id}/history`);
    expect(history.body.items.map((h: { to: string }) => h.to)).toEqual(['pending', 'paid', 'shipped']);
    const cart = await getJson(shop.url, '/api/cart/60');
    expect(cart.body.items).toEqual([]);
  });

  it('logs a seeded user in with a bearer token and out again', async () => {
    const { body: user } = await getJson(shop.url, '/api/users/5');
    expect((await request(shop.url, 'POST', '/api/auth/login', { email: user.email, password: 'wrong-password' })).body.error.code).toBe('BAD_CREDENTIALS');
    const login = await request(shop.url, 'POST', '/api/auth/login', { email: user.email, password: SEED_PASSWORD });
    expect(login.status).toBe(200);
    const auth = { authorization: `Bearer ${login.body.token}` };
    const me = await fetch(`${shop.url}/api/auth/me`, { headers: auth });
    expect(((await me.json()) as { id: number }).id).toBe(5);
    expect((await fetch(`${shop.url}/api/auth/logout`, { method: 'POST', headers: auth })).status).toBe(204);
    expect((await fetch(`${shop.url}/api/auth/me`, { headers: auth })).status).toBe(401);
  });

  it('rejects bad input with a clear error code and every problem listed', async () => {
    expect((await getJson(shop.url, '/api/products/abc')).body.error.code).toBe('BAD_REQUEST');
    expect((await getJson(shop.url, '/api/products/99999')).status).toBe(404);
    const invalid = await request(shop.url, 'POST', '/api/products', { sku: 'x', priceCents: -1 });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('VALIDATION_FAILED');
    expect(invalid.body.error.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(['sku', 'name', 'priceCents', 'categoryId', 'brandId']));
    const res = await fetch(`${shop.url}/api/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{oops' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('INVALID_JSON');
    expect((await request(shop.url, 'POST', '/api/orders', { userId: 61 })).body.error.code).toBe('CART_EMPTY');
    expect((await getJson(shop.url, '/api/nowhere')).body.error.code).toBe('ROUTE_NOT_FOUND');
  });
});

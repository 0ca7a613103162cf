// End to end on the real broker: the fixture shop (amqplib, none of ficus) publishes order.placed when an
// order is placed over HTTP; the notifications satellite (ficus kit) stores a notification for it. A bad
// event is retried, dead-lettered and counted; the shop places orders with no broker, or a dead one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import amqp from 'amqplib';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startShop, type RunningShop } from '../../monolith-fixture/src/start-shop.js';
import type { Service } from '../../services/kit/index.js';
import { createTestService } from '../../services/kit/testing/index.js';
import type { NotificationsConfig } from '../../services/notifications/config.js';
import { notifications, type NotificationsDeps } from '../../services/notifications/service.js';
import { waitFor } from '../gateway/support/wait-for.js';
import { amqpTitle, amqpUrl, deleteTopology, uniqueName, withChannel } from '../support/amqp.js';

const exchange = uniqueName('shop.events.t');
const subscriber = uniqueName('notifications');
const dir = mkdtempSync(path.join(tmpdir(), 'ficus-events-e2e-'));

async function post(base: string, url: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${base}${url}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Puts a product in stock into the user's cart and places the order; returns the order id. */
async function placeOrder(shop: RunningShop, userId: number): Promise<number> {
  const stocked = await shop.knex('stock_levels').whereRaw('quantity - reserved >= 1').first();
  expect((await post(shop.url, `/api/cart/${userId}/items`, { productId: stocked.product_id, quantity: 1 })).status).toBe(201);
  const placed = await post(shop.url, '/api/orders', { userId });
  expect(placed.status).toBe(201);
  return placed.body.id as number;
}

describe.skipIf(!amqpUrl)(amqpTitle('order.placed from the shop to the notifications satellite'), () => {
  let shop: RunningShop;
  let service: Service<NotificationsDeps, NotificationsConfig>;

  beforeAll(async () => {
    shop = await startShop({ port: 0, databaseUrl: path.join(dir, 'shop.db'), amqpUrl, amqpExchange: exchange });
    // Every dependency real: its own SQLite database and the event bus on the broker.
    service = await createTestService(notifications, {}, {
      env: { DATABASE_URL: `sqlite:${path.join(dir, 'notifications.db')}`, AMQP_URL: amqpUrl, EVENTS_EXCHANGE: exchange, EVENTS_SUBSCRIBER: subscriber, EVENT_RETRIES: '2', EVENT_RETRY_DELAY_MS: '50' },
    });
    for (let i = 0; i < 100 && (await fetch(`${service.url()}/readyz`)).status !== 200; i++) await new Promise((r) => setTimeout(r, 100));
  });

  afterAll(async () => {
    await service?.close();
    await shop?.close();
    await deleteTopology(exchange, [`${subscriber}.order.placed`]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('is ready once its bus is connected', async () => {
    expect(await (await fetch(`${service.url()}/readyz`)).json()).toMatchObject({ status: 'ready', failed: [] });
  });

  it('stores a notification for an order placed over HTTP at the shop', async () => {
    const orderId = await placeOrder(shop, 60);
    const order = await (await fetch(`${shop.url}/api/orders/${orderId}`)).json();
    let items: { orderId: number; userId: number; message: string }[] = [];
    await waitFor(async () => (items = ((await (await fetch(`${service.url()}/api/notifications?orderId=${orderId}`)).json()) as { items: typeof items }).items).length > 0, 10_000, 100);
    expect(items).toEqual([{ orderId, userId: 60, message: `Order #${orderId} placed: ${(order.totalCents / 100).toFixed(2)} EUR`, createdAt: expect.any(String) }]);
  });

  it('retries an event its handler rejects, dead-letters it and counts it on /metrics', async () => {
    // Straight to the shop's exchange, as a buggy publisher would, confirmed before the connection closes.
    const conn = await amqp.connect(amqpUrl!);
    const ch = await conn.createConfirmChannel();
    ch.publish(exchange, 'order.placed', Buffer.from(JSON.stringify({ note: 'no order id' })), { contentType: 'application/json', messageId: 'bad-1', persistent: true });
    await ch.waitForConfirms();
    await conn.close();
    const deadLettered = async () => /ficus_events_handled_total\{event="order.placed",outcome="dead_lettered",service="notifications"\} 1/.test(await (await fetch(`${service.url()}/metrics`)).text());
    await waitFor(deadLettered, 10_000, 100);
    const text = await (await fetch(`${service.url()}/metrics`)).text();
    expect(text).toContain('ficus_events_handled_total{event="order.placed",outcome="retried",service="notifications"} 2');
    expect(text).toContain('ficus_events_handled_total{event="order.placed",outcome="dead_lettered",service="notifications"} 1');
    const dead = await withChannel((ch) => ch.checkQueue(`${subscriber}.order.placed.dead`));
    expect(dead.messageCount).toBe(1);
  });

  it('places orders with no broker configured, and with a broker that is down', async () => {
    const alone = await startShop({ port: 0, databaseUrl: path.join(dir, 'alone.db'), amqpUrl: '' });
    try {
      expect(await placeOrder(alone, 61)).toBeGreaterThan(0);
    } finally {
      await alone.close();
    }
    const orphan = await startShop({ port: 0, databaseUrl: path.join(dir, 'orphan.db'), amqpUrl: 'amqp://guest:guest@127.0.0.1:9' });
    try {
      expect(await placeOrder(orphan, 62)).toBeGreaterThan(0);
    } finally {
      await orphan.close();
    }
  });
});

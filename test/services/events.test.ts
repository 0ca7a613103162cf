// The event bus on the real RabbitMQ: durable queues per subscribing service, acknowledgement after the
// handler succeeds, retries then the dead-letter queue (counted), a broker down at start, and the fake.
import { afterEach, describe, expect, it } from 'vitest';
import { createEventBus, createService, type RabbitEventBus } from '../../services/kit/index.js';
import { createFakeEventBus } from '../../services/kit/testing/index.js';
import { amqpTitle, amqpUrl, deleteTopology, startBrokerRelay, uniqueName, withChannel } from '../support/amqp.js';
import { waitFor } from '../gateway/support/wait-for.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function bus(options: { service: string; exchange: string; url?: string; retries?: number; retryDelayMs?: number; reconnectMs?: number }): RabbitEventBus {
  const b = createEventBus({ url: amqpUrl!, retryDelayMs: 50, ...options });
  cleanups.push(() => b.close());
  return b;
}

describe.skipIf(!amqpUrl)(amqpTitle('events over RabbitMQ'), () => {
  it('delivers to a durable queue per subscribing service and acknowledges after the handler succeeded', async () => {
    const exchange = uniqueName('t.events');
    const [mailer, ledger] = [uniqueName('mailer'), uniqueName('ledger')];
    cleanups.push(() => deleteTopology(exchange, [`${mailer}.order.placed`, `${ledger}.order.placed`]));
    const got: Record<string, unknown[]> = { mailer: [], ledger: [] };
    const a = bus({ service: mailer, exchange });
    const b = bus({ service: ledger, exchange });
    a.subscribe<{ orderId: number }>('order.placed', (e) => void got.mailer.push([e.type, e.payload, e.attempt]));
    b.subscribe('order.placed', (e) => void got.ledger.push(e.payload));
    const shop = bus({ service: uniqueName('shop'), exchange });
    await waitFor(() => a.connected() && b.connected() && shop.connected(), 10_000);
    await new Promise((r) => setTimeout(r, 200)); // consumers set up after connecting
    expect(await shop.publish('order.placed', { orderId: 7 })).toMatchObject({ ok: true, outcome: 'published' });
    await shop.publish('order.cancelled', { orderId: 7 }); // nobody subscribed: not delivered
    await waitFor(() => got.mailer.length === 1 && got.ledger.length === 1, 10_000);
    expect(got.mailer).toEqual([['order.placed', { orderId: 7 }, 1]]);
    expect(got.ledger).toEqual([{ orderId: 7 }]);
    await new Promise((r) => setTimeout(r, 100));
    const q = await withChannel((ch) => ch.checkQueue(`${mailer}.order.placed`));
    expect(q.messageCount).toBe(0); // acknowledged, nothing left
    expect(a.handledOf('order.placed')).toEqual({ handled: 1 });
  });

  it('keeps events for a subscriber that is away: its durable queue holds them until it is back', async () => {
    const exchange = uniqueName('t.events');
    const service = uniqueName('mailer');
    cleanups.push(() => deleteTopology(exchange, [`${service}.order.placed`]));
    const first = createEventBus({ url: amqpUrl!, service, exchange });
    first.subscribe('order.placed', () => undefined);
    await waitFor(() => first.connected(), 10_000);
    await new Promise((r) => setTimeout(r, 200));
    await first.close(); // the service stops
    const shop = bus({ service: uniqueName('shop'), exchange });
    await waitFor(() => shop.connected(), 10_000);
    await shop.publish('order.placed', { orderId: 1 });
    await shop.publish('order.placed', { orderId: 2 });
    const seen: unknown[] = [];
    const again = bus({ service, exchange });
    again.subscribe('order.placed', (e) => void seen.push(e.payload));
    await waitFor(() => seen.length === 2, 10_000);
    expect(seen).toEqual([{ orderId: 1 }, { orderId: 2 }]);
  });

  it('retries an event whose handler throws, then succeeds: each attempt numbered, counted', async () => {
    const exchange = uniqueName('t.events');
    const service = uniqueName('mailer');
    cleanups.push(() => deleteTopology(exchange, [`${service}.order.placed`]));
    const attempts: number[] = [];
    const b = bus({ service, exchange, retries: 3 });
    b.subscribe('order.placed', (e) => {
      attempts.push(e.attempt);
      if (e.attempt < 3) throw new Error('smtp down');
    });
    const shop = bus({ service: uniqueName('shop'), exchange });
    await waitFor(() => b.connected() && shop.connected(), 10_000);
    await new Promise((r) => setTimeout(r, 200));
    await shop.publish('order.placed', { orderId: 3 });
    await waitFor(() => b.handledOf('order.placed').handled === 1, 10_000);
    expect(attempts).toEqual([1, 2, 3]);
    expect(b.handledOf('order.placed')).toEqual({ retried: 2, handled: 1 });
  });

  it('dead-letters an event whose handler keeps throwing, after the retries, with the error kept', async () => {
    const exchange = uniqueName('t.events');
    const service = uniqueName('mailer');
    cleanups.push(() => deleteTopology(exchange, [`${service}.order.placed`]));
    let calls = 0;
    const b = bus({ service, exchange, retries: 2 });
    b.subscribe('order.placed', () => {
      calls += 1;
      throw new Error('template missing');
    });
    const shop = bus({ service: uniqueName('shop'), exchange });
    await waitFor(() => b.connected() && shop.connected(), 10_000);
    await new Promise((r) => setTimeout(r, 200));
    const { id } = await shop.publish('order.placed', { orderId: 4 });
    await waitFor(() => b.handledOf('order.placed').dead_lettered === 1, 10_000);
    expect(calls).toBe(3);
    expect(b.handledOf('order.placed')).toEqual({ retried: 2, dead_lettered: 1 });
    // The dead letter is on its way to the broker when the count moves: poll for it.
    const dead = await withChannel(async (ch) => {
      for (let i = 0; i < 50; i++) {
        const m = await ch.get(`${service}.order.placed.dead`, { noAck: true });
        if (m) return m;
        await new Promise((r) => setTimeout(r, 100));
      }
      return false;
    });
    expect(dead).not.toBe(false);
    if (dead) {
      expect(JSON.parse(dead.content.toString())).toEqual({ orderId: 4 });
      expect(dead.properties.messageId).toBe(id);
      expect(dead.properties.headers).toMatchObject({ 'x-ficus-attempt': 3, 'x-ficus-error': 'template missing', 'x-ficus-event': 'order.placed' });
    }
    // On the service's /metrics, through createService.
    const service2 = createService({ name: 'mailer', deps: { events: b }, routes: () => undefined, logLevel: 'silent', defaultMetrics: false });
    const text = await service2.metrics.metrics();
    expect(text).toContain('ficus_events_handled_total{event="order.placed",outcome="dead_lettered",service="mailer"} 1');
  });

  it('starts while the broker is down: /readyz 503 naming the bus, publish unavailable; connects and delivers when it is back', async () => {
    const exchange = uniqueName('t.events');
    const name = uniqueName('mailer');
    cleanups.push(() => deleteTopology(exchange, [`${name}.order.placed`]));
    const relay = await startBrokerRelay(false);
    cleanups.push(() => relay.close());
    const events = createEventBus({ url: relay.url, service: name, exchange, reconnectMs: 100 });
    const seen: { payload: unknown; redelivered: boolean }[] = [];
    events.subscribe('order.placed', (e) => void seen.push({ payload: e.payload, redelivered: e.redelivered }));
    const service = createService({ name, deps: { events }, routes: () => undefined, logLevel: 'silent', defaultMetrics: false });
    cleanups.push(() => service.close());
    const port = await service.listen(0);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'unready', failed: ['events'] });
    expect(await events.publish('order.placed', { orderId: 0 })).toMatchObject({ ok: false, outcome: 'unavailable' });

    relay.setUp(true);
    await waitFor(() => events.connected(), 15_000);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    const shop = bus({ service: uniqueName('shop'), exchange });
    await waitFor(() => shop.connected(), 10_000);
    await new Promise((r) => setTimeout(r, 200));
    await shop.publish('order.placed', { orderId: 5 });
    await waitFor(() => seen.length === 1, 10_000);

    relay.setUp(false); // the broker goes away again: unready, then back
    await waitFor(() => !events.connected(), 10_000);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(503);
    relay.setUp(true);
    await waitFor(() => events.connected(), 15_000);
    await new Promise((r) => setTimeout(r, 200));
    await shop.publish('order.placed', { orderId: 6 });
    await waitFor(() => seen.some((e) => (e.payload as { orderId: number }).orderId === 6), 10_000);
    // At least once: the ack of 5 may have been in flight when the connection was cut; then 5 comes again, marked.
    const [first, ...rest] = seen;
    expect(first).toEqual({ payload: { orderId: 5 }, redelivered: false });
    expect(rest.at(-1)?.payload).toEqual({ orderId: 6 });
    for (const again of rest.slice(0, -1)) expect(again).toEqual({ payload: { orderId: 5 }, redelivered: true });
  });
});

describe('createFakeEventBus', () => {
  it('has the bus API and rules in memory: delivery, retries, dead letters, counts, down', async () => {
    const events = createFakeEventBus({ retries: 1 });
    const seen: unknown[] = [];
    events.subscribe('order.placed', (e) => {
      if ((e.payload as { orderId: number }).orderId === 2) throw new Error('bad order');
      seen.push([e.payload, e.attempt]);
    });
    expect(await events.publish('order.placed', { orderId: 1 })).toMatchObject({ ok: true, outcome: 'published' });
    await events.publish('order.placed', { orderId: 2 });
    await events.settle();
    expect(seen).toEqual([[{ orderId: 1 }, 1]]);
    expect(events.deadLetters.map((d) => [d.event.payload, d.event.attempt, d.error])).toEqual([[{ orderId: 2 }, 2, 'bad order']]);
    expect(events.handledOf('order.placed')).toEqual({ handled: 1, retried: 1, dead_lettered: 1 });
    events.setConnected(false);
    expect(() => events.ready()).toThrow();
    expect(await events.publish('order.placed', {})).toMatchObject({ ok: false, outcome: 'unavailable' });
  });
});

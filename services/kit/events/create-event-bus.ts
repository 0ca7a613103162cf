// Domain events over RabbitMQ (amqplib): a durable topic exchange; per subscribing service and event type
// a durable queue `<service>.<type>`; a message is acknowledged only after its handler succeeded. A handler
// that throws sends the event to `<queue>.retry`, whose TTL dead-letters it back to the queue after
// `retryDelayMs`; past `retries` it goes to `<queue>.dead` and stays there for a person to look at.
// The bus connects in the background and reconnects with backoff, so a service whose broker is down at
// start still starts, answers /readyz 503 (ready() throws), and subscribes as soon as the broker is back.
import amqp from 'amqplib';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { createEventCounters, type EventCounters } from './event-metrics.js';
import type { DomainEvent, EventBus, EventHandler, PublishResult } from './event-types.js';

export interface EventBusOptions {
  /** amqp://user:pass@host:port/vhost */
  url: string;
  /** The subscribing service: queues are named `<service>.<type>`. */
  service: string;
  /** Topic exchange (durable), default `ficus.events`. */
  exchange?: string;
  /** Deliveries after the first before an event is dead-lettered (default 3). */
  retries?: number;
  retryDelayMs?: number;
  /** Unacknowledged deliveries per queue at once (default 16). */
  prefetch?: number;
  /** First reconnect wait, doubling to 30 s (default 500 ms). */
  reconnectMs?: number;
  logger?: Logger;
}

export interface RabbitEventBus extends EventBus {
  /** Deliveries by outcome for one event type (what ficus_events_handled_total counts). */
  handledOf: (type: string) => Record<string, number>;
  /** Called by createService with the service's registry: the bus's counters show on its /metrics. */
  registerMetrics: (registry: Registry) => void;
  connected: () => boolean;
}

type Channel = amqp.ConfirmChannel;
const ATTEMPT_HEADER = 'x-ficus-attempt';
const EVENT_HEADER = 'x-ficus-event';

/** Example: `createEventBus({ url: config.AMQP_URL, service: 'notifications' })`; give it to `deps` and subscribe in `setup`. */
export function createEventBus(options: EventBusOptions): RabbitEventBus {
  const exchange = options.exchange ?? 'ficus.events';
  const retries = options.retries ?? 3;
  const retryDelayMs = options.retryDelayMs ?? 1_000;
  const prefetch = options.prefetch ?? 16;
  const firstWait = options.reconnectMs ?? 500;
  const log = options.logger;
  const counters: EventCounters = createEventCounters();
  const handlers = new Map<string, EventHandler<unknown>>();

  let connection: amqp.ChannelModel | undefined;
  let channel: Channel | undefined;
  let lastError = 'not connected yet';
  let closed = false;
  let wait = firstWait;
  let timer: NodeJS.Timeout | undefined;
  let connecting: Promise<void> | undefined;

  const queueOf = (type: string) => `${options.service}.${type}`;
  let subscribed = new Set<string>(); // types consumed on the current channel

  const ensureSubscribed = async (ch: Channel, type: string, handler: EventHandler<unknown>): Promise<void> => {
    if (subscribed.has(type)) return;
    subscribed.add(type);
    try {
      await setUpSubscription(ch, type, handler);
    } catch (err) {
      subscribed.delete(type);
      log?.error({ err, event: type }, 'subscribing failed');
    }
  };

  const setUpSubscription = async (ch: Channel, type: string, handler: EventHandler<unknown>): Promise<void> => {
    const queue = queueOf(type);
    await ch.assertQueue(queue, { durable: true });
    // The delay is each message's own expiration, not a queue argument, so changing retryDelayMs never
    // clashes with the queue a previous version declared.
    await ch.assertQueue(`${queue}.retry`, { durable: true, arguments: { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': queue } });
    await ch.assertQueue(`${queue}.dead`, { durable: true });
    await ch.bindQueue(queue, exchange, type);
    await ch.consume(queue, (msg) => {
      if (msg) void deliver(ch, queue, type, handler, msg);
    });
  };

  const deliver = async (ch: Channel, queue: string, type: string, handler: EventHandler<unknown>, msg: amqp.ConsumeMessage): Promise<void> => {
    const attempt = Number(msg.properties.headers?.[ATTEMPT_HEADER] ?? 1);
    // A retried message comes back from the retry queue with the queue's name as its routing key.
    const eventType = String(msg.properties.headers?.[EVENT_HEADER] ?? msg.fields.routingKey);
    let event: DomainEvent<unknown>;
    try {
      event = {
        id: String(msg.properties.messageId ?? ''),
        type: eventType,
        payload: JSON.parse(msg.content.toString('utf8')),
        attempt,
        redelivered: msg.fields.redelivered,
        source: msg.properties.appId,
        publishedAt: typeof msg.properties.timestamp === 'number' ? new Date(msg.properties.timestamp * 1000).toISOString() : undefined,
      };
    } catch (err) {
      // A body that is not JSON will never succeed: straight to the dead letters.
      sendOn(ch, `${queue}.dead`, msg, eventType, attempt, `unparsable body: ${(err as Error).message}`);
      ch.ack(msg);
      counters.countHandled(type, 'dead_lettered');
      return;
    }
    try {
      await handler(event);
      ch.ack(msg);
      counters.countHandled(type, 'handled');
    } catch (err) {
      const reason = (err as Error)?.message ?? String(err);
      const last = attempt > retries;
      sendOn(ch, last ? `${queue}.dead` : `${queue}.retry`, msg, eventType, last ? attempt : attempt + 1, reason, last ? undefined : retryDelayMs);
      ch.ack(msg);
      counters.countHandled(type, last ? 'dead_lettered' : 'retried');
      log?.warn({ event: type, id: event.id, attempt, err: reason }, last ? 'event dead-lettered' : 'event handler failed; retrying');
    }
  };

  // Through the default exchange straight to a queue, keeping the message's identity.
  const sendOn = (ch: Channel, queue: string, msg: amqp.ConsumeMessage, eventType: string, attempt: number, reason: string, expireMs?: number) => {
    ch.sendToQueue(queue, msg.content, {
      ...msg.properties,
      expiration: expireMs === undefined ? undefined : String(expireMs),
      persistent: true,
      headers: { ...msg.properties.headers, [ATTEMPT_HEADER]: attempt, 'x-ficus-error': reason.slice(0, 500), [EVENT_HEADER]: eventType },
    });
  };

  const connect = (): Promise<void> =>
    (connecting ??= (async () => {
      try {
        const conn = await amqp.connect(options.url);
        const ch = await conn.createConfirmChannel();
        await ch.assertExchange(exchange, 'topic', { durable: true });
        await ch.prefetch(prefetch);
        conn.on('error', (err: Error) => (lastError = err.message));
        // A channel the broker closed (a refused declaration, say) takes the connection down with it, so
        // the bus reconnects and reports unready meanwhile instead of holding a dead channel.
        ch.on('error', (err: Error) => (lastError = err.message));
        ch.on('close', () => {
          if (channel === ch) void conn.close().catch(() => undefined);
        });
        conn.on('close', () => {
          connection = undefined;
          channel = undefined;
          if (!closed) {
            log?.warn({ error: lastError }, 'event broker connection lost; reconnecting');
            schedule();
          }
        });
        if (closed) {
          await conn.close().catch(() => undefined);
          return;
        }
        connection = conn;
        channel = ch;
        subscribed = new Set();
        wait = firstWait;
        // Handlers subscribed before the broker was there, or added while this connection was opening.
        for (const [type, handler] of handlers) await ensureSubscribed(ch, type, handler);
        log?.info({ exchange }, 'event broker connected');
      } catch (err) {
        lastError = (err as Error)?.message || String(err);
        schedule();
      } finally {
        connecting = undefined;
      }
    })());

  const schedule = () => {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, wait);
    wait = Math.min(wait * 2, 30_000);
  };

  void connect();

  return {
    publish: async (type, payload, publishOptions = {}): Promise<PublishResult> => {
      const id = publishOptions.id ?? randomUUID();
      const ch = channel;
      if (!ch) {
        counters.countPublished(type, 'unavailable');
        return { ok: false, outcome: 'unavailable', id, error: `event broker not connected: ${lastError}` };
      }
      try {
        const body = Buffer.from(JSON.stringify(payload));
        await new Promise<void>((resolve, reject) => {
          ch.publish(exchange, type, body, { persistent: true, contentType: 'application/json', messageId: id, type, appId: options.service, timestamp: Math.floor(Date.now() / 1000) }, (err) =>
            err ? reject(err) : resolve(),
          );
        });
        counters.countPublished(type, 'published');
        return { ok: true, outcome: 'published', id };
      } catch (err) {
        counters.countPublished(type, 'error');
        return { ok: false, outcome: 'error', id, error: (err as Error)?.message ?? String(err) };
      }
    },
    subscribe: (type, handler) => {
      handlers.set(type, handler as EventHandler<unknown>);
      if (channel) void ensureSubscribed(channel, type, handler as EventHandler<unknown>);
    },
    ready: () => {
      if (!channel) throw new Error(`event broker not connected: ${lastError}`);
    },
    close: async () => {
      closed = true;
      clearTimeout(timer);
      await connecting;
      const conn = connection;
      connection = undefined;
      channel = undefined;
      await conn?.close().catch(() => undefined);
    },
    handledOf: counters.handledOf,
    registerMetrics: counters.registerMetrics,
    connected: () => channel !== undefined,
  };
}

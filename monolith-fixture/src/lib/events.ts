// The shop's domain events, published to RabbitMQ (topic exchange `shop.events` or AMQP_EXCHANGE, routing
// key = event type, JSON body, persistent) when AMQP_URL is set. Without it, or while the broker is away, publishing does
// nothing but log: an order never waits for the broker or fails because of it.
import amqp from 'amqplib';
import { randomUUID } from 'node:crypto';
import { logError } from './logger.js';

export const EVENTS_EXCHANGE = 'shop.events';

let brokerUrl: string | undefined = process.env.AMQP_URL || undefined;
let exchange = process.env.AMQP_EXCHANGE || EVENTS_EXCHANGE;
let connection: amqp.ChannelModel | undefined;
let opening: Promise<amqp.ConfirmChannel> | undefined;

/** Where to publish (an amqp:// URL, and an exchange); an empty URL turns publishing off. */
export function configureEvents(url: string | undefined, toExchange = EVENTS_EXCHANGE): void {
  if (url !== brokerUrl || toExchange !== exchange) void closeEvents();
  brokerUrl = url || undefined;
  exchange = toExchange;
}

function channel(url: string): Promise<amqp.ConfirmChannel> {
  opening ??= (async () => {
    const conn = await amqp.connect(url, { timeout: 2000 });
    conn.on('error', () => undefined); // 'close' follows; the next publish reconnects
    conn.on('close', () => {
      if (connection === conn) connection = undefined;
      opening = undefined;
    });
    connection = conn;
    const ch = await conn.createConfirmChannel();
    await ch.assertExchange(exchange, 'topic', { durable: true });
    return ch;
  })().catch((err: unknown) => {
    opening = undefined;
    throw err;
  });
  return opening;
}

/** Publishes `payload` as `type` and resolves true once the broker confirmed it; false (logged) otherwise. */
export async function publishEvent(type: string, payload: Record<string, unknown>): Promise<boolean> {
  const url = brokerUrl;
  if (!url) return false;
  try {
    const ch = await channel(url);
    await new Promise<void>((resolve, reject) => {
      ch.publish(exchange, type, Buffer.from(JSON.stringify(payload)), { persistent: true, contentType: 'application/json', messageId: randomUUID(), type, appId: 'shop', timestamp: Math.floor(Date.now() / 1000) }, (err) =>
        err ? reject(err) : resolve(),
      );
    });
    return true;
  } catch (err) {
    logError('event not published', { type, error: String(err) });
    return false;
  }
}

export async function closeEvents(): Promise<void> {
  const conn = connection;
  connection = undefined;
  opening = undefined;
  await conn?.close().catch(() => undefined);
}

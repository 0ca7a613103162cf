// RabbitMQ for tests: the real broker named by FICUS_TEST_AMQP (.ci/run starts it and sets it); tests skip,
// saying why, without it. Names are made unique per run so parallel files and earlier runs never meet.
import amqp from 'amqplib';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export const amqpUrl: string | undefined = process.env.FICUS_TEST_AMQP || undefined;
export const amqpSkipReason = 'no RabbitMQ: set FICUS_TEST_AMQP=amqp://guest:guest@127.0.0.1:5672 to run';

export function amqpTitle(title: string): string {
  return amqpUrl ? `${title} [rabbitmq]` : `${title} [skipped: ${amqpSkipReason}]`;
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** Runs `fn` on a channel of its own (to inspect or clean up queues), then closes it. */
export async function withChannel<T>(fn: (ch: amqp.Channel) => Promise<T>): Promise<T> {
  const conn = await amqp.connect(amqpUrl!);
  try {
    return await fn(await conn.createChannel());
  } finally {
    await conn.close();
  }
}

/** Deletes the queues `<service>.<type>`, `.retry`, `.dead` and the exchange a test made. */
export async function deleteTopology(exchange: string, queues: string[]): Promise<void> {
  await withChannel(async (ch) => {
    for (const q of queues) for (const suffix of ['', '.retry', '.dead']) await ch.deleteQueue(`${q}${suffix}`);
    await ch.deleteExchange(exchange);
  });
}

/**
 * A TCP relay on loopback in front of the broker that can be "down" (connections cut at once) or "up"
 * (piped to the broker): a broker outage without stopping the broker other tests share.
 */
export async function startBrokerRelay(upAtStart: boolean): Promise<{ url: string; setUp: (up: boolean) => void; close: () => Promise<void> }> {
  const target = new URL(amqpUrl!);
  let up = upAtStart;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    if (!up) {
      client.destroy();
      return;
    }
    const broker = net.connect(Number(target.port || 5672), target.hostname);
    for (const s of [client, broker]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(broker).pipe(client);
    client.on('close', () => broker.destroy());
    broker.on('close', () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = new URL(amqpUrl!);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as AddressInfo).port);
  return {
    url: url.toString(),
    setUp: (value) => {
      up = value;
      if (!value) for (const s of sockets) s.destroy();
    },
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

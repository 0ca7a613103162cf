// Opens the database, migrates, seeds an empty one and listens. Used by server.ts and by tests and tools.
import type { AddressInfo } from 'node:net';
import type { Knex } from 'knex';
import { createApp } from './app.js';
import { connectDb, defaultSqliteFile } from './db/connect.js';
import { migrateLatest } from './db/migrate.js';
import { isSeeded, seed } from './db/seed.js';
import { closeEvents, configureEvents } from './lib/events.js';

export interface ShopOptions {
  /** postgres:// URL or SQLite file path; default monolith-fixture/.data/shop.db. */
  databaseUrl?: string;
  port?: number;
  host?: string;
  /** amqp:// URL of the broker for the shop's events (order.placed); default AMQP_URL; none: not published. */
  amqpUrl?: string;
  /** The topic exchange events go to (default shop.events). */
  amqpExchange?: string;
}

export interface RunningShop {
  url: string;
  knex: Knex;
  close: () => Promise<void>;
}

/** Example: `const shop = await startShop({ port: 0 }); await fetch(`${shop.url}/api/products`); await shop.close();` */
export async function startShop(options: ShopOptions = {}): Promise<RunningShop> {
  const knex = connectDb(options.databaseUrl || defaultSqliteFile());
  if (options.amqpUrl !== undefined) configureEvents(options.amqpUrl, options.amqpExchange);
  try {
    await migrateLatest(knex);
    if (!(await isSeeded(knex))) await seed(knex);
  } catch (err) {
    await knex.destroy();
    throw err;
  }
  const server = createApp({ knex }).listen(options.port ?? 3000, options.host ?? '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  }).catch(async (err: unknown) => {
    await knex.destroy();
    throw err;
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    knex,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      })
        .then(() => closeEvents())
        .then(() => knex.destroy())),
  };
}

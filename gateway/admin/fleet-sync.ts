// Keeps the replicas of a fleet on one PostgreSQL store in step: a runtime change made on one replica
// is NOTIFYed to the others, which reload the route state; polling catches anything a dropped
// LISTEN connection missed. SQLite stores are single-replica, so there is nothing to do there.
import pg from 'pg';
import type { Knex } from 'knex';
import type { Logger } from 'pino';

export const FLEET_CHANNEL = 'ficus_route_state';

export interface FleetSyncOptions {
  url: string; // the store URL; LISTEN needs its own connection outside knex's pool
  knex: Knex;
  dialect: 'sqlite' | 'postgres';
  refresh: () => Promise<void>; // reload the route state from the store and apply it
  logger: Logger;
  replica: string;
  pollMs?: number;
}

export interface FleetSync {
  start(): Promise<void>;
  /** Tells the other replicas that the route state changed. */
  notify(): void;
  close(): Promise<void>;
}

/** Creates the sync; a no-op on SQLite. */
export function createFleetSync(options: FleetSyncOptions): FleetSync {
  const { logger, dialect } = options;
  if (dialect !== 'postgres') return { start: async () => undefined, notify: () => undefined, close: async () => undefined };

  const pollMs = options.pollMs ?? 1000;
  let closed = false;
  let client: pg.Client | undefined;
  let poller: NodeJS.Timeout | undefined;
  let reconnect: NodeJS.Timeout | undefined;

  const refresh = (why: string): void => {
    options.refresh().catch((err: unknown) => logger.warn({ err, why }, 'fleet sync: could not reload route state'));
  };

  // Until LISTEN is back, polling carries the changes; keep trying every 2 s.
  const scheduleListen = (): void => {
    if (closed || reconnect) return;
    reconnect = setTimeout(() => {
      reconnect = undefined;
      listen().catch(scheduleListen);
    }, 2000);
    reconnect.unref();
  };

  const listen = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: options.url });
    c.on('error', (err) => {
      logger.warn({ err }, 'fleet sync: LISTEN connection lost; polling until it is back');
      c.end().catch(() => undefined);
      if (client === c) client = undefined;
      scheduleListen();
    });
    c.on('notification', (n) => {
      if (n.payload !== options.replica) refresh('notify');
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${FLEET_CHANNEL}`);
    } catch (err) {
      c.end().catch(() => undefined);
      throw err;
    }
    if (closed) await c.end();
    else client = c;
  };

  return {
    async start() {
      await listen().catch((err: unknown) => {
        logger.warn({ err }, 'fleet sync: LISTEN failed; polling until it works');
        scheduleListen();
      });
      poller = setInterval(() => refresh('poll'), pollMs);
      poller.unref();
    },
    notify() {
      options.knex
        .raw('select pg_notify(?, ?)', [FLEET_CHANNEL, options.replica])
        .catch((err: unknown) => logger.warn({ err }, 'fleet sync: NOTIFY failed; other replicas will see the change when they poll'));
    },
    async close() {
      closed = true;
      clearInterval(poller);
      clearTimeout(reconnect);
      await client?.end().catch(() => undefined);
      client = undefined;
    },
  };
}

// Opens the gateway's store with knex: a SQLite file by default, PostgreSQL for a fleet.
// Migrations are plain modules listed in migrations/index.ts (no directory scanning, so the
// compiled dist/ and the TypeScript sources behave the same) and run on open.
import knexFactory, { type Knex } from 'knex';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { migrations } from './migrations/index.js';

export type StoreDialect = 'sqlite' | 'postgres';

export interface OpenStore {
  knex: Knex;
  dialect: StoreDialect;
  close: () => Promise<void>;
}

/** `sqlite:path/to/file.db`, `sqlite::memory:`, or `postgres://user@host/db`. */
export function knexConfigFromUrl(url: string): { config: Knex.Config; dialect: StoreDialect } {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    return { dialect: 'postgres', config: { client: 'pg', connection: url, pool: { min: 0, max: 10 } } };
  }
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length);
    if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    return {
      dialect: 'sqlite',
      config: {
        client: 'better-sqlite3',
        connection: { filename: file },
        useNullAsDefault: true,
        pool: {
          min: 1,
          max: 1,
          // WAL lets readers (the admin API) run beside the batched writer.
          afterCreate: (conn: { pragma: (s: string) => void }, done: (err: Error | null, conn: unknown) => void) => {
            conn.pragma('journal_mode = WAL');
            conn.pragma('busy_timeout = 5000');
            conn.pragma('foreign_keys = ON');
            done(null, conn);
          },
        },
      },
    };
  }
  throw Object.assign(new Error(`store.url must start with sqlite: or postgres:// (got "${url}")`), { code: 'FICUS_STORE_URL' });
}

const migrationSource: Knex.MigrationSource<(typeof migrations)[number]> = {
  getMigrations: async () => migrations,
  getMigrationName: (m) => m.name,
  getMigration: async (m) => m,
};

export async function openStore(url: string): Promise<OpenStore> {
  const { config, dialect } = knexConfigFromUrl(url);
  const knex = knexFactory(config);
  try {
    await migrateLatest(knex);
  } catch (err) {
    await knex.destroy();
    throw err;
  }
  return { knex, dialect, close: () => knex.destroy() };
}

// Replicas of a fleet may start together on a fresh database: one of them creates knex's bookkeeping
// tables or holds its migration lock while the others fail; they retry and find the work done.
async function migrateLatest(knex: Knex, patienceMs = 30_000): Promise<void> {
  const deadline = Date.now() + patienceMs;
  for (let attempt = 1; ; attempt++) {
    try {
      await knex.migrate.latest({ migrationSource, tableName: 'ficus_migrations' });
      return;
    } catch (err) {
      if (Date.now() >= deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 100 * attempt) + Math.random() * 100));
    }
  }
}

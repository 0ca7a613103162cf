// Opens the gateway's store with knex: a SQLite file by default, PostgreSQL for a fleet.
// Migrations are plain modules listed in migrations/index.ts (no directory scanning, so the
// compiled dist/ and the TypeScript sources behave the same) and run on open.
import knexFactory, { type Knex } from 'knex';
import { CodedError } from '../../common/coded-error.js';
import { knexConfigFromUrl, type Dialect } from '../../common/open-knex.js';
import { migrations } from './migrations/index.js';

export type StoreDialect = Exclude<Dialect, 'mysql'>;

export interface OpenStore {
  knex: Knex;
  dialect: StoreDialect;
  close: () => Promise<void>;
}

const migrationSource: Knex.MigrationSource<(typeof migrations)[number]> = {
  getMigrations: async () => migrations,
  getMigrationName: (m) => m.name,
  getMigration: async (m) => m,
};

/** Opens `sqlite:path/to/file.db`, `sqlite::memory:` or `postgres://user@host/db`; throws FICUS_DB_URL for anything else. */
export async function openStore(url: string): Promise<OpenStore> {
  const { config, dialect } = knexConfigFromUrl(url);
  // The store's SQL (LISTEN/NOTIFY for a fleet, upserts) is written for these two.
  if (dialect === 'mysql') throw new CodedError('FICUS_DB_URL', `the gateway store is SQLite or PostgreSQL (got "${url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')}")`, { url });
  const knex = knexFactory(config);
  try {
    if (dialect === 'postgres') await withMigrationMutex(knex, () => migrateLatest(knex));
    else await migrateLatest(knex);
  } catch (err) {
    await knex.destroy();
    throw err;
  }
  return { knex, dialect, close: () => knex.destroy() };
}

// knex creates its lock table and inserts its one row unguarded: two replicas starting together on a
// fresh database could both insert, and with two rows its lock can never be taken again ("Migration
// table is already locked" for good). Replicas therefore take turns on a PostgreSQL advisory lock
// (scoped to the database, released when the holding transaction ends, even if the process dies).
const MIGRATION_LOCK_KEY = 0x66696375; // 'ficu'

async function withMigrationMutex(knex: Knex, run: () => Promise<void>): Promise<void> {
  await knex.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(?)', [MIGRATION_LOCK_KEY]);
    await run();
  });
}

// Replicas of a fleet may start together on a fresh database: one of them creates knex's bookkeeping
// tables or holds its migration lock while the others fail; they retry and find the work done. Any
// other error (no such database, wrong password, nothing listening) is the user's to fix: fail at once.
async function migrateLatest(knex: Knex, patienceMs = 30_000): Promise<void> {
  const deadline = Date.now() + patienceMs;
  for (let attempt = 1; ; attempt++) {
    try {
      await knex.migrate.latest({ migrationSource, tableName: 'ficus_migrations' });
      return;
    } catch (err) {
      if (!isMigrationRace(err) || Date.now() >= deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 100 * attempt) + Math.random() * 100));
    }
  }
}

// knex's lock held by another replica, or PostgreSQL's duplicate table/object/key from two replicas
// creating the bookkeeping tables at once.
const RACE_CODES = new Set(['42P07', '42710', '23505']);

function isMigrationRace(err: unknown): boolean {
  const e = err as { name?: string; code?: string };
  return e?.name === 'MigrationLocked' || (typeof e?.code === 'string' && RACE_CODES.has(e.code));
}

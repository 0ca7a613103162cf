// The one URL → knex config of ficus (gateway store, services, data copy): `sqlite:path`,
// `sqlite:///abs/path`, `sqlite::memory:`, `postgres://…`, `mysql://…` (MySQL or MariaDB, also `mariadb://…`).
import knexFactory, { type Knex } from 'knex';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { CodedError } from './coded-error.js';

export type Dialect = 'sqlite' | 'postgres' | 'mysql';

export interface OpenedDatabase {
  knex: Knex;
  dialect: Dialect;
  /** What to show people: the URL without its password. */
  label: string;
}

export interface OpenKnexOptions {
  /** Fail with FICUS_DB_URL instead of creating an empty SQLite file (a copy source must exist). */
  mustExist?: boolean;
  /** SQLite: open read-only and leave the journal mode alone. */
  readonly?: boolean;
  pool?: { min?: number; max?: number };
  /** How long a query waits for a connection before it fails (knex's default: 60 s). */
  acquireTimeoutMs?: number;
}

// `timestamp without time zone` is read as UTC and `date` as its 'YYYY-MM-DD' text, not in this process's
// local time zone, so the same row reads the same on every machine; set per connection (not pg's global
// parsers) so other code in the process is unaffected.
const PG_TIMESTAMP = 1114;
const PG_DATE = 1082;
const pgTypes = {
  getTypeParser: (oid: number, format?: string) => {
    if (oid === PG_TIMESTAMP) return (v: string) => new Date(`${v.replace(' ', 'T')}Z`);
    if (oid === PG_DATE) return (v: string) => v;
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

/** The knex config and dialect for a database URL; throws FICUS_DB_URL for anything else. */
export function knexConfigFromUrl(url: string, options: OpenKnexOptions = {}): { config: Knex.Config; dialect: Dialect; label: string } {
  if (/^postgres(ql)?:\/\//.test(url)) {
    if (!URL.canParse(url) || !new URL(url).hostname) throw new CodedError('FICUS_DB_URL', `malformed PostgreSQL URL "${redactPassword(url)}" (expected postgres://user@host:5432/database)`, { url: redactPassword(url) });
    const label = redactPassword(url);
    return {
      dialect: 'postgres',
      label,
      config: {
        client: 'pg',
        connection: { connectionString: url, types: pgTypes } as Knex.PgConnectionConfig,
        pool: {
          min: options.pool?.min ?? 0,
          max: options.pool?.max ?? 10,
          // UTC sessions: timestamps written as text mean the same instant on both sides of a copy.
          afterCreate: (conn: pg.Client, done: (err: Error | null, conn: unknown) => void) => {
            conn.query("SET TIME ZONE 'UTC'").then(() => done(null, conn), (err: Error) => done(err, conn));
          },
        },
      },
    };
  }
  if (/^(mysql|mariadb):\/\//.test(url)) {
    if (!URL.canParse(url) || !new URL(url).hostname) throw new CodedError('FICUS_DB_URL', `malformed MySQL URL "${redactPassword(url)}" (expected mysql://user@host:3306/database)`, { url: redactPassword(url) });
    const u = new URL(url);
    return {
      dialect: 'mysql',
      label: redactPassword(url),
      config: {
        client: 'mysql2',
        connection: {
          host: u.hostname,
          port: Number(u.port || 3306),
          user: decodeURIComponent(u.username),
          password: decodeURIComponent(u.password),
          database: decodeURIComponent(u.pathname.slice(1)),
          charset: 'utf8mb4',
          // Exact values, read the same on every machine: bigints and decimals as text, DATETIME as its text, UTC sessions.
          supportBigNumbers: true,
          bigNumberStrings: true,
          dateStrings: true,
          timezone: 'Z',
        } as Knex.MySql2ConnectionConfig,
        pool: {
          min: options.pool?.min ?? 0,
          max: options.pool?.max ?? 10,
          afterCreate: (conn: { query: (sql: string, cb: (err: Error | null) => void) => void }, done: (err: Error | null, conn: unknown) => void) => {
            conn.query("SET time_zone = '+00:00'", (err) => done(err, conn));
          },
        },
      },
    };
  }
  if (url.startsWith('sqlite:')) {
    let file = url.slice('sqlite:'.length);
    if (file.startsWith('//')) file = file.slice(2); // sqlite:///abs/path → /abs/path
    if (!file) throw new CodedError('FICUS_DB_URL', `no file in SQLite URL "${url}" (use sqlite:path/to.db or sqlite:///abs/path.db)`, { url });
    if (file !== ':memory:') {
      if (options.mustExist && !existsSync(file)) throw new CodedError('FICUS_DB_URL', `no such SQLite database: ${file}`, { url });
      mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    }
    return {
      dialect: 'sqlite',
      label: url,
      config: {
        client: 'better-sqlite3',
        connection: { filename: file, options: { readonly: options.readonly ?? false } },
        useNullAsDefault: true,
        pool: {
          min: 1,
          max: 1,
          afterCreate: (conn: { pragma: (s: string) => void }, done: (err: Error | null, conn: unknown) => void) => {
            if (!options.readonly) conn.pragma('journal_mode = WAL');
            conn.pragma('busy_timeout = 5000');
            conn.pragma('foreign_keys = ON');
            done(null, conn);
          },
        },
      },
    };
  }
  throw new CodedError('FICUS_DB_URL', `database URLs start with sqlite:, postgres:// or mysql:// (got "${url}")`, { url });
}

function redactPassword(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

/** Opens a knex instance for a URL. Example: `const { knex } = openKnex('sqlite:.data/catalog.db')`. */
export function openKnex(url: string, options: OpenKnexOptions = {}): OpenedDatabase {
  const { config, dialect, label } = knexConfigFromUrl(url, options);
  if (options.acquireTimeoutMs !== undefined) config.acquireConnectionTimeout = options.acquireTimeoutMs;
  return { knex: knexFactory(config), dialect, label };
}

/** The dialect of an open knex instance. */
export function dialectOf(knex: Knex): Dialect {
  const client = String(knex.client.config.client);
  if (client === 'mysql2' || client === 'mysql') return 'mysql';
  return client === 'pg' || client === 'postgres' || client === 'postgresql' ? 'postgres' : 'sqlite';
}

// Opens the shop database: PostgreSQL for a postgres:// URL, otherwise a SQLite file (better-sqlite3).
import knexFactory, { type Knex } from 'knex';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** monolith-fixture/, also when running the compiled copy under dist/. */
export function fixtureRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const root = path.resolve(here, '..', '..');
  const compiled = `${path.sep}dist${path.sep}monolith-fixture`;
  return root.endsWith(compiled) ? root.slice(0, -compiled.length) + `${path.sep}monolith-fixture` : root;
}

export const defaultSqliteFile = (): string => path.join(fixtureRoot(), '.data', 'shop.db');

/**
 * `postgres://user@host/db`, `sqlite:path/file.db`, a plain file path, or `:memory:`.
 * Example: `const knex = connectDb(process.env.DATABASE_URL ?? defaultSqliteFile())`.
 */
export function connectDb(target: string): Knex {
  if (/^postgres(ql)?:\/\//.test(target)) {
    return knexFactory({ client: 'pg', connection: target, pool: { min: 0, max: 8 } });
  }
  const file = target.startsWith('sqlite:') ? target.slice('sqlite:'.length) : target;
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  return knexFactory({
    client: 'better-sqlite3',
    connection: { filename: file },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate: (conn: { pragma: (s: string) => void }, done: (err: Error | null, conn: unknown) => void) => {
        conn.pragma('journal_mode = WAL');
        conn.pragma('busy_timeout = 5000');
        conn.pragma('foreign_keys = ON');
        done(null, conn);
      },
    },
  });
}

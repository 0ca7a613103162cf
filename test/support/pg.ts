// PostgreSQL for tests: real server named by FICUS_TEST_PG (or DATABASE_URL); tests skip, saying why, without it.
import pg from 'pg';
import { randomBytes } from 'node:crypto';

export const pgUrl: string | undefined = process.env.FICUS_TEST_PG || process.env.DATABASE_URL || undefined;

export const pgSkipReason = 'no PostgreSQL: set FICUS_TEST_PG=postgres://user@127.0.0.1:5432/db to run';

/** Suite title that tells, in the test report, why the suite was skipped. */
export function pgTitle(title: string): string {
  return pgUrl ? `${title} [postgres]` : `${title} [skipped: ${pgSkipReason}]`;
}

/**
 * A fresh, empty database on the test server, so parallel test files never see each other's tables.
 * Returns its URL and a drop function. Example: `const db = await createPgDatabase(); ...; await db.drop();`
 */
export async function createPgDatabase(prefix = 'ficus_t'): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!pgUrl) throw new Error(pgSkipReason);
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

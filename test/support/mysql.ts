// MySQL/MariaDB for tests: real server named by FICUS_TEST_MYSQL; tests skip, saying why, without it.
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';

export const mysqlUrl: string | undefined = process.env.FICUS_TEST_MYSQL || undefined;

export const mysqlSkipReason = 'no MySQL/MariaDB: set FICUS_TEST_MYSQL=mysql://root@127.0.0.1:3306/test to run';

/** A fresh, empty database on the test server; its URL and a drop function. */
export async function createMysqlDatabase(prefix = 'ficus_t'): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!mysqlUrl) throw new Error(mysqlSkipReason);
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const run = async (sql: string) => {
    const c = await mysql.createConnection(mysqlUrl!);
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await run(`CREATE DATABASE ${name} CHARACTER SET utf8mb4`);
  const url = new URL(mysqlUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name}`) };
}

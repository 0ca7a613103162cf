import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore } from '../../gateway/store/open-store.js';
import { createPgDatabase, pgTitle, pgUrl } from '../support/pg.js';

describe('openStore on SQLite', () => {
  it('creates the file, runs migrations and answers queries', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ficus-store-'));
    const store = await openStore(`sqlite:${path.join(dir, 'nested', 'gw.db')}`);
    const rows = await store.knex('ficus_migrations').select('name');
    expect(Array.isArray(rows)).toBe(true);
    expect(store.dialect).toBe('sqlite');
    await store.close();
  });

  it('rejects an unknown URL scheme, or a PostgreSQL URL that does not parse, with a stable code', async () => {
    await expect(openStore('mysql://x')).rejects.toMatchObject({ code: 'FICUS_DB_URL' });
    await expect(openStore('postgres://ficus@127.0.0.1:54x2/gw')).rejects.toMatchObject({ code: 'FICUS_DB_URL' });
    await expect(openStore('postgres:///gw')).rejects.toMatchObject({ code: 'FICUS_DB_URL' });
  });
});

describe.skipIf(!pgUrl)(pgTitle('openStore on PostgreSQL'), () => {
  const dbs: { drop: () => Promise<void> }[] = [];
  afterAll(async () => {
    for (const d of dbs) await d.drop();
  });

  it('runs migrations on a real server', async () => {
    const db = await createPgDatabase();
    dbs.push(db);
    const store = await openStore(db.url);
    expect(store.dialect).toBe('postgres');
    const rows = await store.knex('ficus_migrations').select('name');
    expect(Array.isArray(rows)).toBe(true);
    await store.close();
  });

  // Only a fleet's migration race is retried; before, any error was retried for 30 s (past this test's timeout).
  it('fails at once on a database that does not exist', { timeout: 10_000 }, async () => {
    const url = new URL(pgUrl!);
    url.pathname = '/ficus_no_such_database';
    await expect(openStore(url.toString())).rejects.toMatchObject({ code: '3D000' });
  });
});

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

  it('rejects an unknown URL scheme with a stable code', async () => {
    await expect(openStore('mysql://x')).rejects.toMatchObject({ code: 'FICUS_STORE_URL' });
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
});

// Every column type round-trips SQLite → PostgreSQL → SQLite and PostgreSQL → SQLite → PostgreSQL, through
// the copy that starts a sync and through the change stream: values compared canonically (data verify),
// types, defaults, unique constraints, indexes and foreign keys compared by introspection.
import { afterAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { verifyTables } from '../../services/data-copy/copy-tables.js';
import { runSync } from '../../services/data-sync/run-sync.js';
import { stopSync } from '../../services/data-sync/stop-sync.js';
import { introspectTables } from '../../services/kit/db/introspect-schema.js';
import type { TableSchema } from '../../services/kit/db/table-schema.js';
import { pgTitle, pgUrl } from '../support/pg.js';
import { postgresMaker, sqliteMaker, withDb } from '../support/sync-dbs.js';

const TABLES = ['makers', 'things'];

/** One sync hop: start (copy from a snapshot), one more row through the change stream, stop. */
async function hop(from: string, to: string, extra: (knex: Knex) => Promise<void>): Promise<void> {
  await runSync({ from, to, tables: TABLES, once: true });
  await withDb(from, extra);
  const r = await runSync({ from, to, tables: TABLES, once: true });
  expect(r.applied).toBeGreaterThan(0);
  await stopSync({ from, to });
  const v = await verifyTables({ from, to, tables: TABLES });
  expect(v.tables.filter((t) => !t.match)).toEqual([]);
}

async function shape(url: string): Promise<Record<string, unknown>[]> {
  return withDb(url, async (knex) =>
    (await introspectTables(knex, TABLES)).map((t: TableSchema) => ({
      table: t.name,
      columns: t.columns.map((c) => [c.name, c.kind, c.nullable, c.default ?? null, c.kind === 'decimal' ? `${c.precision},${c.scale}` : '']),
      primaryKey: t.primaryKey,
      foreignKeys: t.foreignKeys,
      indexes: (t.indexes ?? []).map((i) => [i.columns.join(','), i.unique]).sort(),
    })),
  );
}

describe.skipIf(!pgUrl)(pgTitle('type fidelity: every type both ways between SQLite and PostgreSQL'), () => {
  const sqlite = sqliteMaker();
  const pg = postgresMaker();
  afterAll(async () => {
    await sqlite.cleanup();
    await pg.cleanup();
  });

  it('SQLite → PostgreSQL → SQLite keeps 3,000,000,000, decimals, booleans, zoned times, JSON, blobs, NULLs and the schema', async () => {
    const origin = await sqlite.create('origin');
    await withDb(origin, async (knex) => {
      await knex.raw('CREATE TABLE makers (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL UNIQUE)');
      await knex.raw(`CREATE TABLE things (
        id INTEGER PRIMARY KEY, maker_id INTEGER REFERENCES makers(id), big INTEGER, wide BIGINT, price DECIMAL(14,3), ok BOOLEAN NOT NULL DEFAULT 1,
        day DATE, at DATETIME, doc JSON, bin BLOB, u UUID, label VARCHAR(20) DEFAULT 'none', score DOUBLE, created DATETIME DEFAULT CURRENT_TIMESTAMP)`);
      await knex.raw('CREATE INDEX things_day_label ON things (day, label)');
      await knex('makers').insert([{ id: 1, name: 'Fig & Co' }, { id: 2, name: 'Ürün “Ltd”' }]);
      await knex('things').insert([
        { id: 1, maker_id: 1, big: 3_000_000_000, wide: -5_000_000_000_000, price: '1234567.125', ok: 1, day: '2024-02-29', at: '2024-05-01 10:00:00+02:00', doc: '{"a":[1,2,{"b":null}],"z":"é"}', bin: Buffer.from([0, 255, 10, 13]), u: '0b6ed5a4-1d64-4b61-9f0f-6d0f4ed7c9a1', label: 'x', score: 0.1 + 0.2, created: '2024-01-01 00:00:00' },
        { id: 2, maker_id: null, big: null, wide: null, price: null, ok: 0, day: null, at: null, doc: null, bin: null, u: null, label: null, score: null, created: null },
      ]);
    });
    const middle = await pg.create('middle');
    await hop(origin, middle, (knex) => knex('things').insert({ id: 3, maker_id: 2, big: 4_000_000_000, price: '0.001', ok: 1, at: '2024-12-31T23:59:59.123Z', doc: '[]', bin: Buffer.alloc(0) }));
    const types = await shape(middle);
    const things = types.find((t) => t.table === 'things')!.columns as unknown[][];
    const kind = (name: string) => things.find((c) => c[0] === name)!.slice(1, 2)[0];
    expect(kind('big')).toBe('bigInteger'); // values beyond 2^31: bigint, not integer
    expect(kind('wide')).toBe('bigInteger');
    expect(things.find((c) => c[0] === 'price')!.slice(1)).toEqual(['decimal', true, null, '14,3']);
    expect([kind('ok'), kind('at'), kind('doc'), kind('bin'), kind('u'), kind('day')]).toEqual(['boolean', 'datetime', 'json', 'binary', 'uuid', 'date']);
    expect(things.find((c) => c[0] === 'label')![3]).toEqual({ value: 'none' });
    expect(things.find((c) => c[0] === 'created')![3]).toEqual({ now: true });
    expect(things.find((c) => c[0] === 'ok')!.slice(2, 4)).toEqual([false, { value: true }]);
    await withDb(middle, async (knex) => {
      const row = await knex('things').where({ id: 1 }).first();
      expect(row).toMatchObject({ big: '3000000000', wide: '-5000000000000', price: '1234567.125', ok: true, day: '2024-02-29', doc: { a: [1, 2, { b: null }], z: 'é' } });
      expect(row.at.toISOString()).toBe('2024-05-01T08:00:00.000Z');
      expect(row.bin).toEqual(Buffer.from([0, 255, 10, 13]));
      await expect(knex('makers').insert({ id: 9, name: 'Fig & Co' })).rejects.toThrow(/unique/i);
      await expect(knex('things').insert({ id: 9, maker_id: 99 })).rejects.toThrow(/foreign key/i);
    });
    const back = await sqlite.create('back');
    await hop(middle, back, (knex) => knex('things').where({ id: 2 }).update({ price: '99999999999.999' }));
    expect((await verifyTables({ from: origin, to: back, tables: ['makers'] })).ok).toBe(true);
    const originShape = await shape(origin);
    const backShape = await shape(back);
    // The same schema, except what the trip taught it: the wide integers are declared bigint now.
    const widen = (s: Record<string, unknown>[]) => JSON.stringify(s).replaceAll('["big","integer"', '["big","bigInteger"');
    expect(widen(backShape)).toBe(widen(originShape));
  });

  it('PostgreSQL → SQLite → PostgreSQL keeps bigints past 2^53, 28-digit decimals, both timestamp kinds, jsonb, bytea, uuid and the schema', async () => {
    const origin = await pg.create('origin');
    await withDb(origin, async (knex) => {
      await knex.raw('CREATE TABLE makers (id serial PRIMARY KEY, name varchar(40) NOT NULL UNIQUE)');
      await knex.raw(`CREATE TABLE things (
        id bigint PRIMARY KEY, maker_id integer REFERENCES makers(id), big bigint, price numeric(30,10), ok boolean NOT NULL DEFAULT true, day date,
        at timestamptz, naive timestamp, tm time, doc jsonb, bin bytea, u uuid, label varchar(20) DEFAULT 'none', score double precision, created timestamptz DEFAULT now())`);
      await knex.raw('CREATE INDEX things_day_label ON things (day, label)');
      await knex('makers').insert([{ name: 'Fig & Co' }, { name: 'Ürün “Ltd”' }]);
      await knex('things').insert([
        { id: '9007199254740993', maker_id: 1, big: '-9223372036854775808', price: '12345678901234567890.1234567891', ok: true, day: '2024-02-29', at: '2024-05-01T10:00:00+02:00', naive: '2024-05-01 10:00:00', tm: '23:59:58', doc: { a: [1, { b: null }], n: 1.5 }, bin: Buffer.from([0, 255]), u: '0b6ed5a4-1d64-4b61-9f0f-6d0f4ed7c9a1', label: 'x', score: 1e-300 },
        { id: 2, maker_id: null, big: null, price: null, ok: false, day: null, at: null, naive: null, tm: null, doc: null, bin: null, u: null, label: null, score: null, created: null },
      ]);
    });
    const middle = await sqlite.create('middle');
    await hop(origin, middle, (knex) => knex('things').insert({ id: '9007199254740995', big: '9223372036854775807', price: '-0.0000000001', ok: false, doc: JSON.stringify([1, 'two']), bin: Buffer.from('hi') }));
    await withDb(middle, async (knex) => {
      const row = await knex('things').where({ id: 2 }).first();
      expect(row).toMatchObject({ price: null, ok: 0, doc: null });
      const exact = await knex.raw("select price, typeof(price) as t from things where price like '12345678901234567890%'");
      expect(exact).toEqual([{ price: '12345678901234567890.1234567891', t: 'text' }]);
    });
    const back = await pg.create('back');
    await hop(middle, back, (knex) => knex('things').where({ id: 2 }).update({ label: 'changed' }));
    await withDb(back, async (knex) => {
      const row = await knex('things').where({ id: '9007199254740995' }).first();
      expect(row).toMatchObject({ big: '9223372036854775807', price: '-0.0000000001', ok: false, doc: [1, 'two'] });
      expect(row.bin).toEqual(Buffer.from('hi'));
    });
    expect(await shape(back)).toEqual(await shape(origin));
  });
});

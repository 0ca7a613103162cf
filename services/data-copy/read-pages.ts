// Reads a table in primary-key order, one page at a time, with keyset pagination (WHERE pk > last ORDER BY pk
// LIMIT n): memory stays bounded by the page size and each page costs the same however deep the table.
import type { Knex } from 'knex';
import { dialectOf } from '../kit/db/open-knex.js';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

export type Row = Record<string, unknown>;

// Safe integers back as numbers, as everywhere else; larger ones as their exact decimal text (knex's
// bindings and error messages do not take BigInt).
function exactIntegers(rows: Row[]): Row[] {
  for (const row of rows) {
    for (const k in row) {
      const v = row[k];
      if (typeof v === 'bigint') row[k] = v >= Number.MIN_SAFE_INTEGER && v <= Number.MAX_SAFE_INTEGER ? Number(v) : v.toString();
    }
  }
  return rows;
}

/** Pages of at most `batch` rows of `columns`, ordered by `primaryKey`. */
export async function* readTablePages(knex: Knex, table: string, columns: string[], primaryKey: string[], batch: number): AsyncGenerator<Row[]> {
  let last: unknown[] | undefined;
  const sqlite = dialectOf(knex) === 'sqlite';
  for (;;) {
    const query = knex(table).select(columns).limit(batch);
    // SQLite integers past 2^53 would read as rounded numbers; as BigInt every one is exact.
    if (sqlite) query.options({ safeIntegers: true });
    for (const col of primaryKey) query.orderBy(col, 'asc');
    if (last) {
      const cursor = last;
      if (primaryKey.length === 1) query.where(primaryKey[0], '>', cursor[0] as Knex.Value);
      else query.whereRaw(`(${primaryKey.map(() => '??').join(', ')}) > (${primaryKey.map(() => '?').join(', ')})`, [...primaryKey, ...(cursor as Knex.Value[])]);
    }
    const rows: Row[] = sqlite ? exactIntegers(await query) : await query;
    // better-sqlite3 answers synchronously, so without this a copy would hold the event loop (timers,
    // servers in the same process) for its whole run.
    await yieldToEventLoop();
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < batch) return;
    const tail = rows[rows.length - 1];
    last = primaryKey.map((c) => tail[c]);
  }
}

// Reads a table in primary-key order, one page at a time, with keyset pagination (WHERE pk > last ORDER BY pk
// LIMIT n): memory stays bounded by the page size and each page costs the same however deep the table.
import type { Knex } from 'knex';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

export type Row = Record<string, unknown>;

/** Pages of at most `batch` rows of `columns`, ordered by `primaryKey`. */
export async function* readTablePages(knex: Knex, table: string, columns: string[], primaryKey: string[], batch: number): AsyncGenerator<Row[]> {
  let last: unknown[] | undefined;
  for (;;) {
    const query = knex(table).select(columns).limit(batch);
    for (const col of primaryKey) query.orderBy(col, 'asc');
    if (last) {
      const cursor = last;
      if (primaryKey.length === 1) query.where(primaryKey[0], '>', cursor[0] as Knex.Value);
      else query.whereRaw(`(${primaryKey.map(() => '??').join(', ')}) > (${primaryKey.map(() => '?').join(', ')})`, [...primaryKey, ...(cursor as Knex.Value[])]);
    }
    const rows: Row[] = await query;
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

// A table's row count and checksum, computed by streaming pages, the same way on either engine.
// The checksum is order-independent (a sum of per-row SHA-256 digests mod 2^128): SQLite and PostgreSQL
// may order text keys differently (collations), and the rows, not their order, are what must agree.
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { TableSchema } from '../kit/db/table-schema.js';
import { canonicalValue } from './canonical-value.js';
import { readTablePages, type Row } from './read-pages.js';

export interface TableChecksum {
  rows: number;
  checksum: string;
}

const MOD = 1n << 128n;

/** Adds rows to a running checksum; `digest()` gives the result. `schema` names the columns and how to canonicalise them. */
export function createRowHasher(schema: TableSchema): { add: (rows: Row[]) => void; digest: () => TableChecksum } {
  let sum = 0n;
  let count = 0;
  return {
    add: (rows) => {
      for (const row of rows) {
        const canonical = JSON.stringify(schema.columns.map((c) => canonicalValue(c.kind, row[c.name])));
        const digest = createHash('sha256').update(canonical).digest();
        sum = (sum + digest.readBigUInt64BE(0) * (1n << 64n) + digest.readBigUInt64BE(8)) % MOD;
        count += 1;
      }
    },
    digest: () => ({ rows: count, checksum: sum.toString(16).padStart(32, '0') }),
  };
}

/** Count and checksum of `schema`'s columns in `table` on `knex`, read in pages of `batch`; `onPage` sees progress. */
export async function checksumTable(knex: Knex, schema: TableSchema, batch: number, onPage?: (rowsSoFar: number) => void): Promise<TableChecksum> {
  const hasher = createRowHasher(schema);
  const columns = schema.columns.map((c) => c.name);
  for await (const page of readTablePages(knex, schema.name, columns, schema.primaryKey, batch)) {
    hasher.add(page);
    onPage?.(hasher.digest().rows);
  }
  return hasher.digest();
}

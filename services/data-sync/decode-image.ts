// Turns a captured row image (JSON written by the capture triggers) back into the values knex would have
// read from the source table, so the copy's conversion to the target engine applies unchanged. Pure.
import type { Dialect } from '../kit/db/open-knex.js';
import type { ColumnKind, TableSchema } from '../kit/db/table-schema.js';
import { canonicalInstant } from '../data-copy/canonical-value.js';
import { toTargetValue } from '../data-copy/target-value.js';
import type { Row } from '../data-copy/read-pages.js';

/** One image value of a column of `kind`, as the `from` engine's driver reads it. */
export function decodeImageValue(kind: ColumnKind, v: unknown, from: Dialect): unknown {
  if (v === null || v === undefined) return null;
  if (from === 'sqlite' && v && typeof v === 'object' && !Array.isArray(v) && typeof (v as { b?: unknown }).b === 'string') {
    return Buffer.from((v as { b: string }).b, 'hex'); // a blob, written as {"b": hex}
  }
  if (from === 'sqlite') return v;
  if (from === 'mysql') {
    if (kind === 'binary' && typeof v === 'string') return Buffer.from(v, 'hex');
    if (kind === 'integer' && typeof v === 'string' && Number.isSafeInteger(Number(v))) return Number(v);
    return v; // DATETIME as its text (mysql2 reads it so with dateStrings), bigints and decimals as text
  }
  switch (kind) {
    case 'integer':
      return typeof v === 'string' && Number.isSafeInteger(Number(v)) ? Number(v) : v; // pg reads int4 as a number
    case 'datetime': {
      const iso = canonicalInstant(v);
      return iso ? new Date(iso) : v;
    }
    case 'binary':
      return typeof v === 'string' && v.startsWith('\\x') ? Buffer.from(v.slice(2), 'hex') : v;
    default:
      return v; // bigints and decimals are exact text, as pg reads them; JSON columns arrive parsed
  }
}

export interface DecodedRow {
  /** Column values ready for the target engine. */
  values: Row;
  /** Image keys the schema does not know, and schema columns the image lacks: a schema change. */
  unknown: string[];
  missing: string[];
}

/** A row image (or a key image, with `keyOnly`) of `schema`'s table, converted for the `to` engine. */
export function decodeImage(schema: TableSchema, image: Record<string, unknown>, from: Dialect, to: Dialect, keyOnly = false): DecodedRow {
  const columns = keyOnly ? schema.columns.filter((c) => schema.primaryKey.includes(c.name)) : schema.columns;
  const known = new Set(columns.map((c) => c.name));
  const values: Row = {};
  const missing: string[] = [];
  for (const c of columns) {
    if (!(c.name in image)) missing.push(c.name);
    else values[c.name] = toTargetValue(c.kind, decodeImageValue(c.kind, image[c.name], from), from, to);
  }
  return { values, missing, unknown: Object.keys(image).filter((k) => !known.has(k)) };
}

// Converts a value read from the source into one the target engine stores as the same thing.
import type { Dialect } from '../kit/db/open-knex.js';
import type { ColumnKind } from '../kit/db/table-schema.js';
import { canonicalInstant, stableJson } from './canonical-value.js';

/** The value to insert into a column of `kind` on the `to` engine, read from the `from` engine. */
export function toTargetValue(kind: ColumnKind, v: unknown, from: Dialect, to: Dialect): unknown {
  if (v === null || v === undefined) return null;
  if (from === to && !(kind === 'json' && typeof v === 'object')) return v; // same engine: as stored
  switch (kind) {
    case 'datetime': {
      // SQLite keeps whatever it was given (text or epoch ms); PostgreSQL needs a timestamp. ISO text works for
      // both; MySQL's DATETIME takes the UTC instant without the T and Z.
      const iso = canonicalInstant(v);
      if (!iso) return v;
      return to === 'mysql' ? iso.replace('T', ' ').replace('Z', '') : iso;
    }
    case 'date':
      return v instanceof Date ? v.toISOString().slice(0, 10) : v;
    case 'json':
      // pg would turn a JS array into a PostgreSQL array literal; JSON text is right on both engines.
      return typeof v === 'string' ? v : stableJson(v);
    case 'boolean': {
      const yes = v === true || v === 1 || v === 1n || v === '1' || v === 't' || v === 'true';
      return to === 'postgres' ? yes : yes ? 1 : 0;
    }
    default:
      return v;
  }
}

// Orders tables so that every table comes after the tables its foreign keys point to (parents first).
import type { TableSchema } from './table-schema.js';

/**
 * Parents before children among the given tables; references to tables outside the set and self-references
 * are ignored; tables caught in a cycle keep their given order at the end (`cyclic` names them).
 */
export function orderTablesByForeignKeys<T extends Pick<TableSchema, 'name' | 'foreignKeys'>>(tables: T[]): { ordered: T[]; cyclic: string[] } {
  const names = new Set(tables.map((t) => t.name));
  const placed = new Set<string>();
  const ordered: T[] = [];
  let pending = [...tables];
  while (pending.length) {
    const ready = pending.filter((t) => t.foreignKeys.every((fk) => fk.references.table === t.name || !names.has(fk.references.table) || placed.has(fk.references.table)));
    if (!ready.length) break;
    for (const t of ready) {
      ordered.push(t);
      placed.add(t.name);
    }
    pending = pending.filter((t) => !placed.has(t.name));
  }
  return { ordered: [...ordered, ...pending], cyclic: pending.map((t) => t.name) };
}

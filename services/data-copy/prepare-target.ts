// Makes sure the target has every copied table: missing tables are created from the source schema
// (foreign keys kept among tables the target has), existing ones must have every source column.
import type { Knex } from 'knex';
import { introspectTables, listTables } from '../kit/db/introspect-schema.js';
import { dialectOf } from '../kit/db/open-knex.js';
import { applyTableBuild, describeTableBuild } from '../kit/db/table-build.js';
import type { TableSchema } from '../kit/db/table-schema.js';
import { CopyError } from './errors.js';

/**
 * Creates the missing tables (parents first) and returns their names plus the target's schemas of every copied
 * table. Pass the copy's transaction, so a failed copy creates nothing.
 */
export async function prepareTarget(target: Knex, ordered: TableSchema[]): Promise<{ created: string[]; targetSchemas: TableSchema[] }> {
  const existing = new Set(await listTables(target));
  const available = new Set([...existing, ...ordered.map((t) => t.name)]);
  const missing = ordered.filter((t) => !existing.has(t.name));
  const targetSchemas = await introspectTables(target, ordered.filter((t) => existing.has(t.name)).map((t) => t.name));
  const problems: string[] = [];
  for (const source of ordered) {
    const have = targetSchemas.find((t) => t.name === source.name);
    if (!have) continue;
    const names = new Set(have.columns.map((c) => c.name));
    for (const c of source.columns) if (!names.has(c.name)) problems.push(`${source.name}.${c.name}`);
  }
  if (problems.length) {
    throw new CopyError('FICUS_COPY_SCHEMA_MISMATCH', `the target lacks source columns: ${problems.join(', ')}`, { missingColumns: problems });
  }
  for (const table of missing) {
    const build = describeTableBuild(table, available, dialectOf(target));
    await target.schema.createTable(table.name, (t) => applyTableBuild(t, build, target));
  }
  const created = missing.map((t) => t.name);
  return { created, targetSchemas: await introspectTables(target, ordered.map((t) => t.name)) };
}

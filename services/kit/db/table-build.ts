// How to create a TableSchema with knex's schema builder, as data: applied directly by `ficus data copy`
// and rendered as the code of a generated migration, so both build exactly the same tables.
import type { Knex } from 'knex';
import type { ColumnSchema, TableSchema } from './table-schema.js';

/** One builder call, `t.<method>(...args)`, with chained calls such as `.notNullable()`. */
export interface BuildCall {
  method: string;
  args: unknown[];
  chain: { method: string; args: unknown[] }[];
}

export interface TableBuild {
  table: string;
  calls: BuildCall[];
  /** Foreign keys left out because they point outside the tables being built. */
  droppedForeignKeys: string[];
}

/** The builder calls for `table`; foreign keys are kept only towards tables in `available`. */
export function describeTableBuild(table: TableSchema, available: ReadonlySet<string>): TableBuild {
  const calls: BuildCall[] = table.columns.map((c) => describeColumn(c, table.primaryKey));
  const hasIncrements = table.columns.some((c) => c.autoIncrement && table.primaryKey.length === 1 && table.primaryKey[0] === c.name);
  if (table.primaryKey.length && !hasIncrements) calls.push({ method: 'primary', args: [table.primaryKey], chain: [] });
  const droppedForeignKeys: string[] = [];
  for (const fk of table.foreignKeys) {
    const text = `${table.name}(${fk.columns.join(', ')}) → ${fk.references.table}(${fk.references.columns.join(', ')})`;
    if (!available.has(fk.references.table)) {
      droppedForeignKeys.push(text);
      continue;
    }
    calls.push({
      method: 'foreign',
      args: [fk.columns],
      chain: [
        { method: 'references', args: [fk.references.columns] },
        { method: 'inTable', args: [fk.references.table] },
      ],
    });
  }
  return { table: table.name, calls, droppedForeignKeys };
}

function describeColumn(c: ColumnSchema, primaryKey: string[]): BuildCall {
  const chain: BuildCall['chain'] = [];
  if (c.autoIncrement && primaryKey.length === 1 && primaryKey[0] === c.name) {
    return { method: c.kind === 'bigInteger' ? 'bigIncrements' : 'increments', args: [c.name, { primaryKey: true }], chain };
  }
  if (!c.nullable) chain.push({ method: 'notNullable', args: [] });
  const call = (method: string, ...args: unknown[]): BuildCall => ({ method, args: [c.name, ...args], chain });
  switch (c.kind) {
    case 'string':
      return call('string', c.length ?? 255);
    case 'decimal':
      // No precision means "any precision" (knex: null), never knex's default of 8,2.
      return c.precision === undefined ? call('decimal', null) : call('decimal', c.precision, c.scale ?? 0);
    case 'datetime':
      return call('timestamp', { useTz: true });
    case 'json':
      return call('jsonb');
    default:
      return call(c.kind);
  }
}

/** Runs the calls on a table builder: `knex.schema.createTable(name, (t) => applyTableBuild(t, build))`. */
export function applyTableBuild(t: Knex.CreateTableBuilder, build: TableBuild): void {
  for (const call of build.calls) {
    let target = (t as unknown as Record<string, (...a: unknown[]) => unknown>)[call.method](...call.args) as Record<string, (...a: unknown[]) => unknown>;
    for (const link of call.chain) target = target[link.method](...link.args) as Record<string, (...a: unknown[]) => unknown>;
  }
}

/** The calls as TypeScript source lines, e.g. `t.string('name', 80).notNullable();`, for a generated migration. */
export function renderTableBuild(build: TableBuild, indent = ''): string {
  return build.calls
    .map((call) => `${indent}t.${call.method}(${renderArgs(call.args)})${call.chain.map((l) => `.${l.method}(${renderArgs(l.args)})`).join('')};`)
    .join('\n');
}

function renderArgs(args: unknown[]): string {
  return args.map(renderValue).join(', ');
}

function renderValue(v: unknown): string {
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(v)) return `[${v.map(renderValue).join(', ')}]`;
  if (v && typeof v === 'object') return `{ ${Object.entries(v).map(([k, x]) => `${k}: ${renderValue(x)}`).join(', ')} }`;
  return String(v);
}

// How to create a TableSchema with knex's schema builder, as data: applied directly by `ficus data copy`
// and rendered as the code of a generated migration, so both build exactly the same tables.
import type { Knex } from 'knex';
import type { ColumnSchema, TableSchema } from './table-schema.js';

/** The engine a build is for, when it matters (SQLite has no exact decimal or uuid type of its own). */
export type BuildDialect = 'sqlite' | 'postgres' | 'mysql';

/** Marks an argument that is the insert time (`knex.fn.now()`), which only a knex instance can make. */
export const NOW = { now: true } as const;

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

/**
 * The builder calls for `table`; foreign keys are kept only towards tables in `available`. With `dialect`,
 * types that engine lacks are declared so values survive (SQLite: exact decimals as text-affinity columns).
 */
export function describeTableBuild(table: TableSchema, available: ReadonlySet<string>, dialect?: BuildDialect): TableBuild {
  const calls: BuildCall[] = table.columns.map((c) => describeColumn(c, table.primaryKey, dialect));
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
  for (const ix of table.indexes ?? []) calls.push({ method: ix.unique ? 'unique' : 'index', args: ix.unique ? [ix.columns, { indexName: ix.name }] : [ix.columns, ix.name], chain: [] });
  return { table: table.name, calls, droppedForeignKeys };
}

function describeColumn(c: ColumnSchema, primaryKey: string[], dialect?: BuildDialect): BuildCall {
  const chain: BuildCall['chain'] = [];
  if (c.autoIncrement && primaryKey.length === 1 && primaryKey[0] === c.name) {
    // knex's MySQL increments are unsigned, and MySQL refuses a foreign key from a signed column to them.
    if (dialect === 'mysql') return { method: 'specificType', args: [c.name, `${c.kind === 'bigInteger' ? 'bigint' : 'int'} auto_increment primary key`], chain };
    return { method: c.kind === 'bigInteger' ? 'bigIncrements' : 'increments', args: [c.name, { primaryKey: true }], chain };
  }
  if (!c.nullable) chain.push({ method: 'notNullable', args: [] });
  if (c.default) chain.push({ method: 'defaultTo', args: ['now' in c.default ? NOW : c.default.value] });
  const call = (method: string, ...args: unknown[]): BuildCall => ({ method, args: [c.name, ...args], chain });
  switch (c.kind) {
    case 'string':
      return call('string', c.length ?? 255);
    case 'decimal':
      // SQLite's numeric affinity would round past 15 digits; text affinity keeps "12345678901234567.1234567891".
      if (dialect === 'sqlite') return call('specificType', c.precision === undefined ? 'DECIMAL_TEXT' : `DECIMAL_TEXT(${c.precision},${c.scale ?? 0})`);
      // No precision means "any precision" (knex: null), never knex's default of 8,2; MySQL has no such type (its bare decimal is 10,0).
      if (c.precision === undefined) return dialect === 'mysql' ? call('decimal', 65, 30) : call('decimal', null);
      return call('decimal', c.precision, c.scale ?? 0);
    case 'uuid':
      return dialect === 'sqlite' ? call('specificType', 'UUID') : call('uuid');
    case 'datetime':
      // MySQL's TIMESTAMP ends in 2038; DATETIME(3) holds the same instants as UTC text.
      return dialect === 'mysql' ? call('datetime', { precision: 3 }) : call('timestamp', { useTz: true });
    case 'json':
      return call('jsonb');
    default:
      return call(c.kind);
  }
}

/** Runs the calls on a table builder: `knex.schema.createTable(name, (t) => applyTableBuild(t, build, knex))`. */
export function applyTableBuild(t: Knex.CreateTableBuilder, build: TableBuild, knex: Knex): void {
  const arg = (a: unknown) => (a === NOW ? knex.fn.now() : a);
  for (const call of build.calls) {
    let target = (t as unknown as Record<string, (...a: unknown[]) => unknown>)[call.method](...call.args.map(arg)) as Record<string, (...a: unknown[]) => unknown>;
    for (const link of call.chain) target = target[link.method](...link.args.map(arg)) as Record<string, (...a: unknown[]) => unknown>;
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
  if (v === NOW) return 'knex.fn.now()';
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(v)) return `[${v.map(renderValue).join(', ')}]`;
  if (v && typeof v === 'object') return `{ ${Object.entries(v).map(([k, x]) => `${k}: ${renderValue(x)}`).join(', ')} }`;
  return String(v);
}

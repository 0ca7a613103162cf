// `ficus data copy`: copies tables from one database to another, SQLite or PostgreSQL on either side.
// Decisions (see services/kit/README.md): missing target tables are created from the source schema; a re-run
// replaces the target's rows (delete, then copy, in one target transaction), so the target ends as an exact
// copy whatever it held; rows stream in primary-key pages; counts and checksums are verified afterwards.
import type { Knex } from 'knex';
import { introspectTables } from '../kit/db/introspect-schema.js';
import type { Dialect, OpenedDatabase } from '../kit/db/open-knex.js';
import { orderTablesByForeignKeys } from '../kit/db/order-tables.js';
import type { TableSchema } from '../kit/db/table-schema.js';
import { checksumTable, type TableChecksum } from './checksum-table.js';
import { CopyError } from './errors.js';
import { openPair } from './open-pair.js';
import { prepareTarget } from './prepare-target.js';
import { readTablePages } from './read-pages.js';
import { toTargetValue } from './target-value.js';

export interface CopyOptions {
  from: string;
  to: string;
  tables: string[];
  /** Rows per page read from the source (and the most held in memory at once). */
  batch?: number;
  onProgress?: (progress: CopyProgress) => void;
}

export interface CopyProgress {
  phase: 'copy' | 'verify-source' | 'verify-target';
  table: string;
  rows: number;
  total: number;
}

export interface TableVerification {
  table: string;
  source: TableChecksum;
  target: TableChecksum;
  match: boolean;
}

export interface VerifyReport {
  ok: boolean;
  tables: TableVerification[];
}

export interface CopyReport extends VerifyReport {
  /** Tables in the order copied: parents before children. */
  order: string[];
  created: string[];
  copied: { table: string; rows: number }[];
  ms: number;
}

// Both engines cap bound parameters per statement (SQLite 32766, PostgreSQL 65535), and knex writes a
// multi-row SQLite insert as a compound SELECT, which SQLite caps at 500 terms.
const MAX_PARAMS = 30_000;
const MAX_SQLITE_ROWS = 500;

/** Copies `tables`, then verifies them; resolves to a report whose `ok` is false on any count or checksum mismatch. */
export async function copyTables(options: CopyOptions): Promise<CopyReport> {
  const started = performance.now();
  const batch = checkOptions(options);
  const pair = openPair(options.from, options.to);
  try {
    const schemas = await readSourceSchemas(pair.source, options.tables);
    const { ordered } = orderTablesByForeignKeys(schemas);
    let copied: CopyReport['copied'] = [];
    let created: string[] = [];
    // One transaction for tables and rows: a failed copy leaves the target as it was.
    await pair.target.knex.transaction(async (trx) => {
      ({ created, copied } = await copyInto(pair.source.knex, trx, ordered, { from: pair.source.dialect, to: pair.target.dialect }, batch, options.onProgress));
    });
    const verification = await verifySchemas(pair.source.knex, pair.target.knex, ordered, batch, options.onProgress);
    return { ...verification, order: ordered.map((t) => t.name), created, copied, ms: Math.round(performance.now() - started) };
  } finally {
    await pair.close();
  }
}

/** Compares counts and checksums of `tables` on both sides without copying anything. */
export async function verifyTables(options: CopyOptions): Promise<VerifyReport> {
  const batch = checkOptions(options);
  const pair = openPair(options.from, options.to);
  try {
    const schemas = await readSourceSchemas(pair.source, options.tables);
    await introspectTables(pair.target.knex, options.tables, `the target (${pair.target.label})`);
    return await verifySchemas(pair.source.knex, pair.target.knex, schemas, batch, options.onProgress);
  } finally {
    await pair.close();
  }
}

/**
 * In the target transaction `trx`: creates the missing tables and replaces the rows of `ordered` (parents
 * first) with the source's, read through `source` (a snapshot transaction, for `data sync`).
 */
export async function copyInto(
  source: Knex,
  trx: Knex.Transaction,
  ordered: TableSchema[],
  dialects: { from: Dialect; to: Dialect },
  batch: number,
  onProgress?: (p: CopyProgress) => void,
): Promise<{ created: string[]; copied: CopyReport['copied'] }> {
  const prepared = await prepareTarget(trx, ordered);
  // Self-references and cycles: foreign keys are checked at commit, not row by row.
  // (MySQL cannot defer them: checks are off for this session while the rows go in, and on again after.)
  await trx.raw(dialects.to === 'sqlite' ? 'PRAGMA defer_foreign_keys = ON' : dialects.to === 'mysql' ? 'SET foreign_key_checks = 0' : 'SET CONSTRAINTS ALL DEFERRED');
  for (const table of [...ordered].reverse()) await trx(table.name).del();
  const copied: CopyReport['copied'] = [];
  for (const table of ordered) copied.push({ table: table.name, rows: await copyTable(source, trx, table, batch, dialects, onProgress) });
  if (dialects.to === 'mysql') await trx.raw('SET foreign_key_checks = 1');
  if (dialects.to === 'postgres') await resetSequences(trx, prepared.targetSchemas);
  return { created: prepared.created, copied };
}

export function checkOptions(options: Pick<CopyOptions, 'batch' | 'tables'>): number {
  const batch = options.batch ?? 1000;
  if (!Number.isInteger(batch) || batch < 1) throw new CopyError('FICUS_COPY_ARGS', `--batch must be a positive integer (got ${batch})`);
  if (!options.tables.length) throw new CopyError('FICUS_COPY_ARGS', 'no tables to copy: pass --tables a,b,c');
  return batch;
}

export async function readSourceSchemas(source: OpenedDatabase, tables: string[]): Promise<TableSchema[]> {
  const schemas = await introspectTables(source.knex, [...new Set(tables)], `the source (${source.label})`);
  const keyless = schemas.filter((s) => s.primaryKey.length === 0).map((s) => s.name);
  if (keyless.length) {
    throw new CopyError('FICUS_COPY_NO_PRIMARY_KEY', `tables without a primary key cannot be paged or verified: ${keyless.join(', ')}`, { tables: keyless });
  }
  return source.dialect === 'sqlite' ? Promise.all(schemas.map((s) => widenIntegers(source.knex, s))) : schemas;
}

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };

/**
 * SQLite's INTEGER holds 64 bits, PostgreSQL's integer 32: a column whose values do not fit becomes a
 * bigint on the target (3,000,000,000 would otherwise be "out of range for type integer").
 */
async function widenIntegers(knex: Knex, schema: TableSchema): Promise<TableSchema> {
  const ints = schema.columns.filter((c) => c.kind === 'integer');
  if (!ints.length) return schema;
  const [range] = await knex(schema.name).select(ints.flatMap((c, i) => [knex.raw('min(??) as ??', [c.name, `lo${i}`]), knex.raw('max(??) as ??', [c.name, `hi${i}`])]));
  const wide = new Set(ints.filter((c, i) => Number(range[`lo${i}`] ?? 0) < INT32.min || Number(range[`hi${i}`] ?? 0) > INT32.max).map((c) => c.name));
  return wide.size ? { ...schema, columns: schema.columns.map((c) => (wide.has(c.name) ? { ...c, kind: 'bigInteger' } : c)) } : schema;
}

async function copyTable(
  source: Knex,
  trx: Knex.Transaction,
  table: TableSchema,
  batch: number,
  dialects: { from: Dialect; to: Dialect },
  onProgress?: (p: CopyProgress) => void,
): Promise<number> {
  const total = await countRows(source, table.name);
  const columns = table.columns.map((c) => c.name);
  const perInsert = Math.max(1, Math.min(batch, Math.floor(MAX_PARAMS / columns.length), dialects.to === 'sqlite' ? MAX_SQLITE_ROWS : Infinity));
  let rows = 0;
  onProgress?.({ phase: 'copy', table: table.name, rows, total });
  for await (const page of readTablePages(source, table.name, columns, table.primaryKey, batch)) {
    const converted = page.map((row) => Object.fromEntries(table.columns.map((c) => [c.name, toTargetValue(c.kind, row[c.name], dialects.from, dialects.to)])));
    for (let i = 0; i < converted.length; i += perInsert) await trx(table.name).insert(converted.slice(i, i + perInsert));
    rows += page.length;
    onProgress?.({ phase: 'copy', table: table.name, rows, total });
  }
  return rows;
}

export async function verifySchemas(source: Knex, target: Knex, schemas: TableSchema[], batch: number, onProgress?: (p: CopyProgress) => void): Promise<VerifyReport> {
  const tables: TableVerification[] = [];
  for (const schema of schemas) {
    const [sourceTotal, targetTotal] = await Promise.all([countRows(source, schema.name), countRows(target, schema.name)]);
    const sourceSum = await checksumTable(source, schema, batch, (rows) => onProgress?.({ phase: 'verify-source', table: schema.name, rows, total: sourceTotal }));
    const targetSum = await checksumTable(target, schema, batch, (rows) => onProgress?.({ phase: 'verify-target', table: schema.name, rows, total: targetTotal }));
    tables.push({ table: schema.name, source: sourceSum, target: targetSum, match: sourceSum.rows === targetSum.rows && sourceSum.checksum === targetSum.checksum });
  }
  return { ok: tables.every((t) => t.match), tables };
}

async function countRows(knex: Knex, table: string): Promise<number> {
  const [row] = await knex(table).count({ n: '*' });
  return Number(row.n);
}

// Explicit ids do not advance PostgreSQL sequences; without this the service's first insert would collide.
async function resetSequences(trx: Knex.Transaction, schemas: TableSchema[]): Promise<void> {
  for (const table of schemas) {
    for (const col of table.columns.filter((c) => c.autoIncrement)) {
      await trx.raw('select setval(pg_get_serial_sequence(?, ?), coalesce(max(??), 0) + 1, false) from ??', [`"${table.name.replace(/"/g, '""')}"`, col.name, col.name, table.name]);
    }
  }
}

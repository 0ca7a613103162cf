// Reads tables' columns, types, nullability, primary keys and foreign keys from a live database:
// SQLite through PRAGMA table_info/foreign_key_list, PostgreSQL through information_schema and pg_catalog.
import type { Knex } from 'knex';
import { KitError } from '../errors.js';
import { dialectOf } from './open-knex.js';
import type { ColumnDefault, ColumnKind, ColumnSchema, ForeignKeySchema, IndexSchema, TableSchema } from './table-schema.js';

/** The user tables of the database (the current schema on PostgreSQL), sorted by name. */
export async function listTables(knex: Knex): Promise<string[]> {
  if (dialectOf(knex) === 'mysql') {
    const [rows] = (await knex.raw("select table_name as name from information_schema.tables where table_schema = database() and table_type = 'BASE TABLE'")) as [{ name: string }[]];
    return rows.map((r) => r.name).sort();
  }
  if (dialectOf(knex) === 'postgres') {
    const rows: { table_name: string }[] = await knex('information_schema.tables')
      .select('table_name')
      .whereRaw('table_schema = current_schema()')
      .andWhere('table_type', 'BASE TABLE');
    return rows.map((r) => r.table_name).sort();
  }
  const rows: { name: string }[] = await knex('sqlite_master').select('name').where('type', 'table').andWhereNot('name', 'like', 'sqlite_%');
  return rows.map((r) => r.name).sort();
}

/**
 * Schemas of the named tables, in the order given; FICUS_DB_TABLE_MISSING names every table that is absent
 * (and `where`, e.g. "the source database", when given).
 */
export async function introspectTables(knex: Knex, names: string[], where?: string): Promise<TableSchema[]> {
  const existing = new Set(await listTables(knex));
  const missing = names.filter((n) => !existing.has(n));
  if (missing.length) {
    const what = `no such table${missing.length > 1 ? 's' : ''}${where ? ` in ${where}` : ''}`;
    throw new KitError('FICUS_DB_TABLE_MISSING', `${what}: ${missing.join(', ')}`, { missing });
  }
  const dialect = dialectOf(knex);
  const read = dialect === 'postgres' ? introspectPostgresTable : dialect === 'mysql' ? introspectMysqlTable : introspectSqliteTable;
  const tables: TableSchema[] = [];
  for (const name of names) tables.push(await read(knex, name));
  return tables;
}

interface SqliteColumnRow {
  name: string;
  type: string;
  notnull: number;
  pk: number;
  dflt_value: string | null;
}
interface SqliteFkRow {
  id: number;
  seq: number;
  table: string;
  from: string;
  to: string | null;
}

async function introspectSqliteTable(knex: Knex, table: string): Promise<TableSchema> {
  const quoted = `"${table.replace(/"/g, '""')}"`;
  const cols: SqliteColumnRow[] = await knex.raw(`PRAGMA table_info(${quoted})`);
  const fks: SqliteFkRow[] = await knex.raw(`PRAGMA foreign_key_list(${quoted})`);
  const primaryKey = cols.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
  const columns = cols.map((c): ColumnSchema => {
    const { kind, length, precision, scale } = kindFromSqliteType(c.type);
    // Only a lone INTEGER PRIMARY KEY is a rowid alias, i.e. auto-assigned.
    const autoIncrement = primaryKey.length === 1 && primaryKey[0] === c.name && c.type.trim().toUpperCase() === 'INTEGER';
    const dflt = portableDefault(kind, parseDefault(c.dflt_value));
    return { name: c.name, kind, rawType: c.type, nullable: c.notnull === 0 && !primaryKey.includes(c.name), autoIncrement, length, precision, scale, ...(dflt ? { default: dflt } : {}) };
  });
  const byId = new Map<number, SqliteFkRow[]>();
  for (const fk of fks) byId.set(fk.id, [...(byId.get(fk.id) ?? []), fk]);
  const foreignKeys: ForeignKeySchema[] = [];
  for (const parts of byId.values()) {
    parts.sort((a, b) => a.seq - b.seq);
    const refTable = parts[0].table;
    // `REFERENCES t` without columns means t's primary key.
    const refColumns = parts.every((p) => p.to) ? parts.map((p) => p.to!) : await sqlitePrimaryKey(knex, refTable);
    foreignKeys.push({ columns: parts.map((p) => p.from), references: { table: refTable, columns: refColumns } });
  }
  return { name: table, columns, primaryKey, foreignKeys, indexes: await sqliteIndexes(knex, quoted) };
}

async function sqliteIndexes(knex: Knex, quoted: string): Promise<IndexSchema[]> {
  const list: { name: string; unique: number; origin: string; partial: number }[] = await knex.raw(`PRAGMA index_list(${quoted})`);
  const indexes: IndexSchema[] = [];
  for (const ix of list.filter((i) => i.origin !== 'pk' && !i.partial)) {
    const cols: { cid: number; name: string | null }[] = await knex.raw(`PRAGMA index_info("${ix.name.replace(/"/g, '""')}")`);
    if (cols.some((c) => c.cid < 0 || !c.name)) continue; // an expression index
    const columns = cols.map((c) => c.name!);
    // SQLite's own names for UNIQUE constraints are reserved: no database may create one by that name.
    const name = ix.name.startsWith('sqlite_autoindex_') ? `${quoted.slice(1, -1)}_${columns.join('_')}_unique` : ix.name;
    indexes.push({ name, columns, unique: ix.unique === 1 });
  }
  return indexes.sort((a, b) => a.name.localeCompare(b.name));
}

/** Booleans default to true/false whichever way the engine spelled it (SQLite: 1, '1', true). */
function portableDefault(kind: ColumnKind, d: ColumnDefault | undefined): ColumnDefault | undefined {
  if (kind !== 'boolean' || !d || !('value' in d)) return d;
  return { value: d.value === true || d.value === 1 || d.value === '1' || d.value === 'true' };
}

/**
 * A column default as SQL text (SQLite's dflt_value, PostgreSQL's column_default) → a portable default:
 * numbers, booleans, quoted strings (with PostgreSQL's `::type` cast), and the insert time. Others are left out.
 */
export function parseDefault(sql: string | null): ColumnDefault | undefined {
  if (sql === null) return undefined;
  const s = sql.trim().replace(/^\((.*)\)$/s, '$1');
  if (/^-?\d+(\.\d+)?$/.test(s)) return { value: Number(s) };
  if (/^null$/i.test(s)) return undefined; // MariaDB's way of saying "no default"
  if (/^(true|false)$/i.test(s)) return { value: s.toLowerCase() === 'true' };
  const quoted = /^'((?:[^']|'')*)'(?:::[\w\s".]+(?:\[\])?)?$/s.exec(s);
  if (quoted) return { value: quoted[1].replace(/''/g, "'") };
  if (/^(current_timestamp(\(\d*\))?|now\(\d*\)|localtimestamp|transaction_timestamp\(\))$/i.test(s)) return { now: true };
  return undefined;
}

async function sqlitePrimaryKey(knex: Knex, table: string): Promise<string[]> {
  const cols: SqliteColumnRow[] = await knex.raw(`PRAGMA table_info("${table.replace(/"/g, '""')}")`);
  return cols.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
}

/** SQLite's declared type → a portable kind, following SQLite's own affinity rules where a name is unknown. */
export function kindFromSqliteType(declared: string): Pick<ColumnSchema, 'kind' | 'length' | 'precision' | 'scale'> {
  const t = declared.trim().toUpperCase();
  const args = /\((\d+)\s*(?:,\s*(\d+))?\)/.exec(t);
  const n1 = args ? Number(args[1]) : undefined;
  const n2 = args?.[2] !== undefined ? Number(args[2]) : undefined;
  if (t.includes('BIGINT')) return { kind: 'bigInteger' };
  if (t.includes('INT')) return { kind: 'integer' };
  if (t.startsWith('BOOL')) return { kind: 'boolean' };
  if (t.startsWith('UUID')) return { kind: 'uuid' };
  if (t.startsWith('JSON')) return { kind: 'json' };
  if (t.startsWith('DATETIME') || t.startsWith('TIMESTAMP')) return { kind: 'datetime' };
  if (t === 'DATE') return { kind: 'date' };
  if (t.startsWith('TIME')) return { kind: 'time' };
  // Before the text rules: the copy declares exact decimals DECIMAL_TEXT(p,s), text affinity, so no digit is rounded.
  if (t.startsWith('DECIMAL') || t.startsWith('NUMERIC')) return { kind: 'decimal', precision: n1, scale: n2 };
  if (t.includes('CHAR') && n1 !== undefined) return { kind: 'string', length: n1 };
  if (t.includes('CHAR') || t.includes('CLOB') || t.includes('TEXT') || t === '') return { kind: 'text' };
  if (t.includes('BLOB')) return { kind: 'binary' };
  // SQLite stores every floating value as an 8-byte double (knex even declares decimals as "float").
  if (t.includes('FLOA') || t.includes('REAL') || t.includes('DOUB')) return { kind: 'double' };
  return { kind: 'decimal' }; // SQLite's NUMERIC affinity
}

interface PgColumnRow {
  column_name: string;
  data_type: string;
  udt_name: string;
  is_nullable: 'YES' | 'NO';
  column_default: string | null;
  is_identity: 'YES' | 'NO';
  character_maximum_length: number | null;
  numeric_precision: number | null;
  numeric_scale: number | null;
}

interface PgConstraintRow {
  contype: 'p' | 'f';
  columns: string[];
  ref_table: string | null;
  ref_columns: string[] | null;
}

async function introspectPostgresTable(knex: Knex, table: string): Promise<TableSchema> {
  const cols: PgColumnRow[] = await knex('information_schema.columns')
    .select('column_name', 'data_type', 'udt_name', 'is_nullable', 'column_default', 'is_identity', 'character_maximum_length', 'numeric_precision', 'numeric_scale')
    .whereRaw('table_schema = current_schema()')
    .andWhere('table_name', table)
    .orderBy('ordinal_position');
  const { rows: constraints } = (await knex.raw(
    `select c.contype,
            array(select a.attname::text from unnest(c.conkey) with ordinality k(n, i)
                  join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.i) as columns,
            rt.relname::text as ref_table,
            array(select a.attname::text from unnest(c.confkey) with ordinality k(n, i)
                  join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n order by k.i) as ref_columns
       from pg_constraint c
       join pg_class t on t.oid = c.conrelid
       join pg_namespace ns on ns.oid = t.relnamespace
       left join pg_class rt on rt.oid = c.confrelid
      where ns.nspname = current_schema() and t.relname = ? and c.contype in ('p', 'f')
      order by c.conname`,
    [table],
  )) as { rows: PgConstraintRow[] };
  const primaryKey = constraints.find((c) => c.contype === 'p')?.columns ?? [];
  const columns = cols.map((c): ColumnSchema => {
    const kind = kindFromPostgresType(c.data_type);
    const autoIncrement = (kind === 'integer' || kind === 'bigInteger') && (c.is_identity === 'YES' || /^nextval\(/.test(c.column_default ?? ''));
    const dflt = autoIncrement ? undefined : portableDefault(kind, parseDefault(c.column_default));
    return {
      ...(dflt ? { default: dflt } : {}),
      name: c.column_name,
      kind,
      rawType: c.data_type === 'USER-DEFINED' || c.data_type === 'ARRAY' ? c.udt_name : c.data_type,
      nullable: c.is_nullable === 'YES',
      autoIncrement,
      length: c.character_maximum_length ?? undefined,
      precision: kind === 'decimal' ? (c.numeric_precision ?? undefined) : undefined,
      scale: kind === 'decimal' ? (c.numeric_scale ?? undefined) : undefined,
    };
  });
  const foreignKeys = constraints
    .filter((c) => c.contype === 'f')
    .map((c): ForeignKeySchema => ({ columns: c.columns, references: { table: c.ref_table!, columns: c.ref_columns ?? [] } }));
  const { rows: indexRows } = (await knex.raw(
    `select ic.relname::text as name, ix.indisunique as unique,
            array(select a.attname::text from unnest(ix.indkey) with ordinality k(n, i)
                  join pg_attribute a on a.attrelid = ix.indrelid and a.attnum = k.n order by k.i) as columns
       from pg_index ix
       join pg_class t on t.oid = ix.indrelid
       join pg_class ic on ic.oid = ix.indexrelid
       join pg_namespace ns on ns.oid = t.relnamespace
      where ns.nspname = current_schema() and t.relname = ? and not ix.indisprimary
        and ix.indexprs is null and ix.indpred is null
      order by ic.relname`,
    [table],
  )) as { rows: IndexSchema[] };
  return { name: table, columns, primaryKey, foreignKeys, indexes: indexRows };
}

/** PostgreSQL's information_schema data_type → a portable kind; types with no portable twin (enums, arrays) become text. */
export function kindFromPostgresType(dataType: string): ColumnKind {
  switch (dataType) {
    case 'smallint':
    case 'integer':
      return 'integer';
    case 'bigint':
      return 'bigInteger';
    case 'real':
      return 'float';
    case 'double precision':
      return 'double';
    case 'numeric':
      return 'decimal';
    case 'character varying':
    case 'character':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'timestamp without time zone':
    case 'timestamp with time zone':
      return 'datetime';
    case 'time without time zone':
    case 'time with time zone':
      return 'time';
    case 'json':
    case 'jsonb':
      return 'json';
    case 'bytea':
      return 'binary';
    case 'uuid':
      return 'uuid';
    default:
      return 'text';
  }
}

interface MysqlColumnRow {
  name: string;
  data_type: string;
  column_type: string;
  nullable: 'YES' | 'NO';
  dflt: string | null;
  extra: string;
  len: number | null;
  prec: number | null;
  scale: number | null;
}

async function introspectMysqlTable(knex: Knex, table: string): Promise<TableSchema> {
  const [cols] = (await knex.raw(
    `select column_name as name, data_type, column_type, is_nullable as nullable, column_default as dflt, extra,
            character_maximum_length as len, numeric_precision as prec, numeric_scale as scale
       from information_schema.columns where table_schema = database() and table_name = ? order by ordinal_position`,
    [table],
  )) as [MysqlColumnRow[]];
  const [keys] = (await knex.raw(
    `select k.constraint_name as name, k.column_name as col, k.referenced_table_name as ref_table, k.referenced_column_name as ref_col, c.constraint_type as type
       from information_schema.key_column_usage k
       join information_schema.table_constraints c on c.constraint_schema = k.constraint_schema and c.table_name = k.table_name and c.constraint_name = k.constraint_name
      where k.table_schema = database() and k.table_name = ? order by k.constraint_name, k.ordinal_position`,
    [table],
  )) as [{ name: string; col: string; ref_table: string | null; ref_col: string | null; type: string }[]];
  // MariaDB's JSON is LONGTEXT with a json_valid() check.
  const [checks] = (await knex.raw(`select check_clause as clause from information_schema.check_constraints where constraint_schema = database() and table_name = ?`, [table]).catch(() => [[]])) as [{ clause: string }[]];
  const jsonCols = new Set(checks.map((c) => /json_valid\(`?([^`)]+)`?\)/i.exec(c.clause)?.[1]).filter(Boolean));
  const primaryKey = keys.filter((k) => k.type === 'PRIMARY KEY').map((k) => k.col);
  const columns = cols.map((c): ColumnSchema => {
    const kind = jsonCols.has(c.name) ? 'json' : kindFromMysqlType(c.data_type, c.column_type);
    const autoIncrement = /auto_increment/i.test(c.extra);
    const dflt = autoIncrement ? undefined : portableDefault(kind, parseDefault(c.dflt));
    return {
      name: c.name,
      kind,
      rawType: c.column_type,
      nullable: c.nullable === 'YES',
      autoIncrement,
      ...(kind === 'string' && c.len !== null ? { length: Number(c.len) } : {}),
      ...(kind === 'decimal' ? { precision: Number(c.prec), scale: Number(c.scale) } : {}),
      ...(dflt ? { default: dflt } : {}),
    };
  });
  const byName = new Map<string, ForeignKeySchema>();
  for (const k of keys.filter((k) => k.type === 'FOREIGN KEY')) {
    const fk = byName.get(k.name) ?? { columns: [], references: { table: k.ref_table!, columns: [] } };
    fk.columns.push(k.col);
    fk.references.columns.push(k.ref_col!);
    byName.set(k.name, fk);
  }
  const [stats] = (await knex.raw(
    `select index_name as name, non_unique, column_name as col from information_schema.statistics
      where table_schema = database() and table_name = ? and index_name <> 'PRIMARY' order by index_name, seq_in_index`,
    [table],
  )) as [{ name: string; non_unique: number | string; col: string | null }[]];
  const fkNames = new Set(byName.keys());
  const indexes = new Map<string, IndexSchema & { expression?: boolean }>();
  for (const r of stats) {
    const ix = indexes.get(r.name) ?? { name: r.name, columns: [], unique: Number(r.non_unique) === 0 };
    if (r.col === null) ix.expression = true;
    else ix.columns.push(r.col);
    indexes.set(r.name, ix);
  }
  // MySQL adds an index for each foreign key by the constraint's name: the target makes its own.
  const plain = [...indexes.values()].filter((i) => !i.expression && !(fkNames.has(i.name) && !i.unique)).map(({ name, columns, unique }) => ({ name, columns, unique }));
  return { name: table, columns, primaryKey, foreignKeys: [...byName.values()], indexes: plain };
}

/** MySQL/MariaDB data_type (and column_type, for tinyint(1) booleans) → a portable kind. */
export function kindFromMysqlType(dataType: string, columnType: string): ColumnKind {
  const t = dataType.toLowerCase();
  if (t === 'tinyint' && /^tinyint\(1\)/i.test(columnType)) return 'boolean';
  if (t === 'bigint') return 'bigInteger';
  if (['tinyint', 'smallint', 'mediumint', 'int', 'integer', 'year'].includes(t)) return 'integer';
  if (t === 'decimal' || t === 'numeric') return 'decimal';
  if (t === 'float') return 'float';
  if (t === 'double' || t === 'real') return 'double';
  if (t === 'char' || t === 'varchar') return 'string';
  if (t === 'date') return 'date';
  if (t === 'datetime' || t === 'timestamp') return 'datetime';
  if (t === 'time') return 'time';
  if (t === 'json') return 'json';
  if (t === 'uuid') return 'uuid';
  if (t.includes('blob') || t === 'binary' || t === 'varbinary') return 'binary';
  return 'text';
}

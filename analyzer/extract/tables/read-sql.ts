// Reads raw SQL: which tables it reads and writes, and the foreign keys its CREATE/ALTER TABLE
// statements declare. node-sql-parser first (PostgreSQL, then MySQL); where both reject the text,
// a careful scan of the token stream that skips string literals, comments, CTE names and
// `EXTRACT(x FROM y)`-style function syntax.
import { createRequire } from 'node:module';
import type { Parser } from 'node-sql-parser';
import type { TableAccess } from '../../types.js';
import { isSystemCatalog } from './system-catalog.js';

// One dialect's build each, loaded on first use: the all-dialect bundle costs ~4x as long to load.
const require = createRequire(import.meta.url);
const parsers = new Map<string, Parser>();
const DIALECT_BUILDS: Record<string, string> = { PostgresQL: 'node-sql-parser/build/postgresql.js', MySQL: 'node-sql-parser/build/mysql.js' };
function parserFor(database: string): Parser {
  let p = parsers.get(database);
  if (!p) parsers.set(database, (p = new (require(DIALECT_BUILDS[database]) as { Parser: new () => Parser }).Parser()));
  return p;
}

/** Stands in for a `${...}` part that is not a constant; a table named like this is dynamic. */
export const DYNAMIC_PLACEHOLDER = (n: number) => `__ficus_dyn_${n}__`;
export const isDynamicPlaceholder = (name: string) => /__ficus_dyn_\d+__/.test(name);

export interface SqlTables {
  tables: TableAccess[];
  catalogs: string[]; // system catalogs read, as written (`information_schema.tables`)
  parsed: boolean; // false: the parser rejected it and the scan was used
}

export interface SqlForeignKey {
  table: string;
  column: string;
  references: { table: string; column: string };
  offset: number; // character offset in the SQL text, to compute the line
}

const NAME = String.raw`(?:"[^"]+"|\x60[^\x60]+\x60|\[[^\]]+\]|[A-Za-z_$][\w$]*)`;
const NAME_GLOBAL = new RegExp(NAME, 'g');
const QNAME = String.raw`${NAME}(?:\s*\.\s*${NAME})*`;

const cache = new Map<string, SqlTables>();
const CACHE_LIMIT = 5000;

/** Tables a SQL text touches; `SELECT` targets are reads, `INSERT/UPDATE/DELETE/TRUNCATE/MERGE` targets writes. */
export function readSqlTables(sql: string): SqlTables {
  const cached = cache.get(sql);
  if (cached) return cached;
  const result = analyseSql(sql);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(sql, result);
  return result;
}

function analyseSql(sql: string): SqlTables {
  const text = blankLiterals(stripComments(sql));
  const ctes = new Set(findCteNames(text).map((n) => n.toLowerCase()));
  const writes = new Set(findWriteTargets(text));
  const listed = parseTableList(sql, text);
  const entries = listed ?? scanTables(text, writes);
  const byTable = new Map<string, TableAccess>();
  const catalogs = new Set<string>();
  for (const { op, table: qualified } of entries) {
    const table = bareName(qualified);
    if (!table || ctes.has(table.toLowerCase()) || ['create', 'alter', 'drop'].includes(op)) continue;
    if (isSystemCatalog(qualified)) {
      catalogs.add(qualified);
      continue;
    }
    const write = writes.has(table);
    // node-sql-parser files `UPDATE t ... FROM u` under "update" for u too: only named targets are writes.
    const read = op === 'select' || !write;
    const prev = byTable.get(table);
    byTable.set(table, { table, read: read || (prev?.read ?? false), write: write || (prev?.write ?? false) });
  }
  return { tables: [...byTable.values()], catalogs: [...catalogs], parsed: listed !== undefined };
}

// A failed parse is the slow path (the parser builds its whole "expected" list), so the second
// dialect is tried only when the text shows MySQL syntax or `?` bindings. knex `?` bindings become `$n` for
// PostgreSQL; `??` identifier bindings become placeholders.
function parseTableList(sql: string, blanked: string): { op: string; table: string }[] | undefined {
  const mysqlish = /`|\bon\s+duplicate\s+key\b|\binsert\s+ignore\b|\breplace\s+into\b/i.test(blanked);
  const bindings = blanked.includes('?');
  const pg: [string, string] = ['PostgresQL', bindings ? bindPlaceholders(sql) : sql];
  const attempts: [string, string][] = mysqlish ? [['MySQL', sql], pg] : bindings ? [pg, ['MySQL', sql]] : [pg];
  for (const [database, text] of attempts) {
    try {
      return parserFor(database).tableList(text, { database }).map((entry) => {
        const [op, schema, table] = entry.split('::');
        return { op: op.toLowerCase(), table: schema && schema !== 'null' ? `${schema}.${table}` : table };
      });
    } catch {
      // next dialect, then the scan
    }
  }
  return undefined;
}

// `?` → `$1`, `??` → an identifier placeholder; string literals are left alone.
function bindPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/'(?:[^']|'')*'|\?\?|\?/g, (m) => (m === '??' ? DYNAMIC_PLACEHOLDER(100 + n++) : m === '?' ? `$${++n}` : m));
}

const STATEMENT_SHAPES = [
  /^\(?\s*select\b/i,
  /^(insert|replace)\s+(ignore\s+)?into\s/i,
  /^update\s+(only\s+)?\S+\s+((as\s+)?\w+\s+)?set\s/i,
  /^delete\s+from\s/i,
  /^with\s+(recursive\s+)?\S+\s*(\([^)]*\)\s*)?as\s/i,
  /^truncate\s/i,
  /^merge\s+into\s/i,
  /^(create|alter|drop)\s+(\w+\s+)*(table|index|view)\s/i,
];

/** True when a string has the shape of a SQL statement (for strings handed to query functions). */
export function looksLikeSql(text: string): boolean {
  const t = stripComments(text).trimStart();
  return STATEMENT_SHAPES.some((re) => re.test(t));
}

/** Foreign keys declared by `CREATE TABLE ... REFERENCES` and `ALTER TABLE ... FOREIGN KEY`. */
export function readSqlForeignKeys(sql: string): SqlForeignKey[] {
  const text = blankLiterals(stripComments(sql));
  const found: SqlForeignKey[] = [];
  const create = new RegExp(String.raw`\bcreate\s+(?:(?:global\s+|local\s+)?(?:temporary|temp|unlogged)\s+)?table\s+(?:if\s+not\s+exists\s+)?(${QNAME})\s*\(`, 'gi');
  for (const m of text.matchAll(create)) {
    const table = bareName(m[1]);
    const start = m.index! + m[0].length;
    for (const def of splitTopLevel(balancedBody(text, start))) {
      const fk = readDefinitionForeignKey(table, def.text);
      if (fk) found.push({ ...fk, offset: start + def.start + (def.text.length - def.text.trimStart().length) });
    }
  }
  const alter = new RegExp(
    String.raw`\balter\s+table\s+(?:only\s+)?(?:if\s+exists\s+)?(${QNAME})\s+add\s+(?:constraint\s+${NAME}\s+)?foreign\s+key\s*\(\s*(${NAME})[^)]*\)\s*references\s+(${QNAME})\s*(?:\(\s*(${NAME}))?`,
    'gi',
  );
  for (const m of text.matchAll(alter)) {
    found.push({ table: bareName(m[1]), column: bareName(m[2]), references: { table: bareName(m[3]), column: m[4] ? bareName(m[4]) : 'id' }, offset: m.index! });
  }
  return found;
}

function readDefinitionForeignKey(table: string, def: string): Omit<SqlForeignKey, 'offset'> | undefined {
  const tableLevel = new RegExp(String.raw`^\s*(?:constraint\s+${NAME}\s+)?foreign\s+key\s*\(\s*(${NAME})[^)]*\)\s*references\s+(${QNAME})\s*(?:\(\s*(${NAME}))?`, 'i').exec(def);
  if (tableLevel) return { table, column: bareName(tableLevel[1]), references: { table: bareName(tableLevel[2]), column: tableLevel[3] ? bareName(tableLevel[3]) : 'id' } };
  const column = new RegExp(String.raw`^\s*(${NAME})\s[\s\S]*?\breferences\s+(${QNAME})\s*(?:\(\s*(${NAME}))?`, 'i').exec(def);
  if (column && !/^\s*(constraint|primary|unique|check|exclude|key|index)\b/i.test(def)) {
    return { table, column: bareName(column[1]), references: { table: bareName(column[2]), column: column[3] ? bareName(column[3]) : 'id' } };
  }
  return undefined;
}

/** `"public"."Orders"` → `Orders`; `shop.orders` → `orders`. */
export function bareName(name: string): string {
  const parts = name.match(NAME_GLOBAL) ?? [name];
  return parts[parts.length - 1].replace(/^["\x60[]|["\x60\]]$/g, '');
}

function findCteNames(text: string): string[] {
  const re = new RegExp(String.raw`(?:\bwith\s+(?:recursive\s+)?|,\s*)(${NAME})\s*(?:\([^()]*\)\s*)?as\s+(?:not\s+)?(?:materialized\s+)?\(`, 'gi');
  return [...text.matchAll(re)].map((m) => bareName(m[1]));
}

function findWriteTargets(text: string): string[] {
  const out: string[] = [];
  const patterns = [
    String.raw`\binsert\s+(?:ignore\s+)?into\s+(${QNAME})`,
    String.raw`\breplace\s+into\s+(${QNAME})`,
    String.raw`\bmerge\s+into\s+(${QNAME})`,
    String.raw`\bdelete\s+from\s+(?:only\s+)?(${QNAME})`,
    String.raw`(?<!\b(?:for|do|key|no)\s+)\bupdate\s+(?:only\s+)?(${QNAME})`,
  ];
  for (const p of patterns) {
    for (const m of text.matchAll(new RegExp(p, 'gi'))) {
      const name = bareName(m[1]);
      if (!/^(set|of|on|nowait|skip|cascade|restrict)$/i.test(name)) out.push(name); // `BEFORE INSERT OR UPDATE ON t` is a trigger
    }
  }
  for (const m of text.matchAll(new RegExp(String.raw`\btruncate\s+(?:table\s+)?(?:only\s+)?(${QNAME}(?:\s*,\s*${QNAME})*)`, 'gi'))) {
    for (const n of m[1].split(',')) out.push(bareName(n));
  }
  return out;
}

const NOT_TABLES = /^(select|lateral|only|unnest|values|set|where|on|using|as|dual)$/i;
const FROM_FUNCTIONS = /\b(extract|substring|trim|position|overlay)\s*$/i;

// The fallback: FROM / JOIN / USING lists plus the write targets, from text without literals.
function scanTables(text: string, writes: ReadonlySet<string>): { op: string; table: string }[] {
  const out: { op: string; table: string }[] = [...writes].map((table) => ({ op: 'write', table }));
  const re = new RegExp(String.raw`\b(from|join|using)\s+(?:only\s+)?(${QNAME})`, 'gi');
  for (const m of text.matchAll(re)) {
    const before = text.slice(0, m.index);
    if (/\b(delete|distinct)\s*$/i.test(before) || FROM_FUNCTIONS.test(before.slice(0, openParenBefore(before)))) continue;
    let rest = text.slice(m.index! + m[0].length);
    let name = m[2];
    for (;;) {
      if (/^\s*\(/.test(rest) || NOT_TABLES.test(name)) break; // a function call or a keyword, not a table
      out.push({ op: 'select', table: name.replace(/\s+/g, '') });
      const next = new RegExp(String.raw`^\s*(?:(?:as\s+)?(?!where\b|join\b|on\b|group\b|order\b|limit\b|inner\b|left\b|right\b|full\b|cross\b)${NAME})?\s*,\s*(${QNAME})`, 'i').exec(rest);
      if (!next || m[1].toLowerCase() !== 'from') break;
      name = next[1];
      rest = rest.slice(next[0].length);
    }
  }
  return out;
}

// Index of the innermost unclosed '(' in `before` (or its length when there is none).
function openParenBefore(before: string): number {
  let depth = 0;
  for (let i = before.length - 1; i >= 0; i--) {
    if (before[i] === ')') depth++;
    else if (before[i] === '(') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return before.length;
}

function balancedBody(text: string, start: number): string {
  let depth = 1;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return text.slice(start, i);
  }
  return text.slice(start);
}

function splitTopLevel(body: string): { text: string; start: number }[] {
  const parts: { text: string; start: number }[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i <= body.length; i++) {
    const c = body[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if ((c === ',' && depth === 0) || i === body.length) {
      parts.push({ text: body.slice(from, i), start: from });
      from = i + 1;
    }
  }
  return parts;
}

// Comments become spaces of the same length, so offsets (and lines) stay true.
function stripComments(sql: string): string {
  return sql.replace(/--[^\n]*/g, (m) => ' '.repeat(m.length)).replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' '));
}

function blankLiterals(sql: string): string {
  return sql.replace(/'(?:[^']|'')*'/g, (m) => `'${' '.repeat(Math.max(0, m.length - 2))}'`);
}

// SQL text handed to knex (`db.raw`, `whereRaw`, `joinRaw`) or to a query function (`pool.query`):
// constant parts filled in, the rest as placeholders; tables read, written, or catalog reads.
import ts from '../typescript.cjs';
import { lineOf, propertyNameText, unwrap, type FileIndex } from '../index-file.js';
import type { Symbols } from '../symbols.js';
import { DYNAMIC_PLACEHOLDER, isDynamicPlaceholder, looksLikeSql, readSqlTables } from './read-sql.js';
import { addAccess, addCatalogRead, addDynamic, snippet, type TableContext } from './table-context.js';

// Knex `*Raw` methods take a fragment; wrapping it makes it a statement the parser accepts.
const FRAGMENT_WRAPPERS: Record<string, (s: string) => string> = {
  joinRaw: (s) => `SELECT * FROM __ficus_base ${s}`,
  fromRaw: (s) => `SELECT * FROM ${s}`,
};
const whereWrapper = (s: string) => `SELECT * FROM __ficus_base WHERE ${s}`;

/** The wrapper a knex `*Raw` method's fragment needs (none for `raw`, a whole statement). */
export function fragmentWrapper(method: string): ((s: string) => string) | undefined {
  return method === 'raw' ? undefined : (FRAGMENT_WRAPPERS[method] ?? whereWrapper);
}

/**
 * Reads the SQL in `expr`. With `requireSql` (a query function that may also take other strings),
 * only text shaped like a statement counts and a non-constant argument is no diagnostic.
 */
export function sqlArgument(ctx: TableContext, expr: ts.Expression, site: ts.Node, wrap?: (s: string) => string, requireSql = false, notTables: ReadonlySet<string> = new Set()): void {
  const { file, symbols } = ctx;
  const e = unwrap(expr);
  // { text: 'SELECT …', values } as pg accepts
  if (ts.isObjectLiteralExpression(e)) {
    const text = e.properties.find((p) => ts.isPropertyAssignment(p) && ['text', 'sql'].includes(propertyNameText(p.name) ?? '')) as ts.PropertyAssignment | undefined;
    return text ? sqlArgument(ctx, text.initializer, site, wrap, requireSql, notTables) : undefined;
  }
  const sql = sqlText(e, file, symbols);
  if (sql === undefined) {
    if (!requireSql) ctx.diagnostics.push({ file: file.rel, line: lineOf(file.sf, e), code: 'DYNAMIC_TABLE', message: `SQL \`${snippet(e, file.sf, 60)}\` is not a constant; its tables are unknown` });
    return;
  }
  if ((requireSql || !wrap) && !looksLikeSql(sql)) return; // db.raw('now()'), db.raw('count(*) as n')
  const result = readSqlTables(wrap ? wrap(sql) : sql);
  if (!result.parsed) ctx.diagnostics.push({ file: file.rel, line: lineOf(file.sf, e), code: 'SQL_PARSE_FALLBACK', message: 'the SQL parser rejected this statement; tables were found by scanning it' });
  for (const name of result.catalogs) addCatalogRead(ctx, name, site);
  for (const t of result.tables) {
    if (t.table === '__ficus_base' || notTables.has(t.table)) continue;
    if (isDynamicPlaceholder(t.table)) addDynamic(ctx, e, 'table in SQL');
    else addAccess(ctx, t.table, t, site);
  }
}

// A SQL string, with constant `${...}` parts filled in and the others as placeholders.
function sqlText(expr: ts.Expression, file: FileIndex, symbols: Symbols): string | undefined {
  const e = unwrap(expr);
  const direct = symbols.evaluateString(file, e);
  if (direct !== undefined) return direct;
  if (ts.isTemplateExpression(e)) {
    let out = e.head.text;
    e.templateSpans.forEach((span, i) => {
      out += (symbols.evaluateString(file, span.expression) ?? DYNAMIC_PLACEHOLDER(i)) + span.literal.text;
    });
    return out;
  }
  if (ts.isNoSubstitutionTemplateLiteral(e)) return e.text;
  if (ts.isIdentifier(e)) {
    const r = symbols.resolveName(file, e.text, e);
    const init = r && 'node' in r && ts.isVariableDeclaration(r.node) ? r.node.initializer : undefined;
    return init && ts.isTemplateExpression(unwrap(init)) ? sqlText(init, r!.file, symbols) : undefined;
  }
  return undefined;
}

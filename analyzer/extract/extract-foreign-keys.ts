// Foreign keys from knex migrations (`.references('id').inTable('users')`, `.references('users.id')`,
// `.foreign('x').references('t.c')`) and from raw `CREATE TABLE ... REFERENCES` / `ALTER TABLE ...
// FOREIGN KEY` SQL, whether in code strings or in .sql files.
import ts from './typescript.cjs';
import type { ForeignKey } from '../types.js';
import { lineOf, unwrap, type FileIndex } from './index-file.js';
import { methodName } from './tables/knex-chain.js';
import type { SourceFile } from './list-sources.js';
import { readSqlForeignKeys } from './tables/read-sql.js';
import type { Symbols } from './symbols.js';

const TABLE_BUILDERS = new Set(['createTable', 'createTableIfNotExists', 'alterTable', 'table', 'createTableLike']);
const DDL = /\b(create\s+(?:\w+\s+)*table|foreign\s+key)\b/i;

/** Foreign keys declared in one source file. */
export function extractFileForeignKeys(file: FileIndex, symbols: Symbols): ForeignKey[] {
  const found: ForeignKey[] = [];
  const str = (e: ts.Expression | undefined) => (e ? symbols.evaluateString(file, e) : undefined);
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n) && methodName(n) === 'references' && n.arguments[0]) {
      const fk = readKnexReference(n, file, symbols, str);
      if (fk) found.push(...fk.map((k) => ({ ...k, file: file.rel, line: lineOf(file.sf, n) })));
    } else if ((ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateExpression(n)) && DDL.test(n.getText(file.sf))) {
      const text = symbols.evaluateString(file, n);
      if (text) found.push(...sqlKeys(text, file.rel, lineOf(file.sf, n)));
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(file.sf);
  return found;
}

/** Foreign keys declared in a .sql file. */
export function extractSqlFileForeignKeys(file: SourceFile): ForeignKey[] {
  return sqlKeys(file.text, file.rel, 1);
}

function sqlKeys(sql: string, rel: string, firstLine: number): ForeignKey[] {
  return readSqlForeignKeys(sql).map(({ offset, ...fk }) => ({ ...fk, file: rel, line: firstLine + countNewlines(sql, offset) }));
}

function readKnexReference(call: ts.CallExpression, file: FileIndex, symbols: Symbols, str: (e: ts.Expression | undefined) => string | undefined): Omit<ForeignKey, 'file' | 'line'>[] | undefined {
  const targets = symbols.evaluateStrings(file, call.arguments[0]);
  const table = enclosingTable(call, str);
  if (!targets || !table) return undefined;
  // .inTable('users') further up the chain
  let inTable: string | undefined;
  for (let n: ts.Node = call; n.parent && ts.isPropertyAccessExpression(n.parent) && ts.isCallExpression(n.parent.parent); n = n.parent.parent) {
    if (n.parent.name.text === 'inTable') inTable = str((n.parent.parent as ts.CallExpression).arguments[0]);
  }
  const columns = columnsOf(call, file, symbols);
  if (!columns) return undefined;
  return columns.flatMap((column, i) => {
    const target = targets[i] ?? targets[0];
    const dot = target.lastIndexOf('.');
    const refTable = dot >= 0 ? target.slice(0, dot).split('.').pop()! : inTable;
    const refColumn = dot >= 0 ? target.slice(dot + 1) : target;
    return refTable ? [{ table, column, references: { table: refTable, column: refColumn } }] : [];
  });
}

// The column: `foreign('user_id')` below in the chain, else the column builder at its bottom (`integer('user_id')`).
function columnsOf(call: ts.CallExpression, file: FileIndex, symbols: Symbols): string[] | undefined {
  let bottom: ts.CallExpression | undefined;
  for (let n: ts.Expression = unwrap((unwrap(call.expression) as ts.PropertyAccessExpression).expression); ts.isCallExpression(n); ) {
    const callee = unwrap(n.expression);
    if (!ts.isPropertyAccessExpression(callee)) break;
    if (callee.name.text === 'foreign') return symbols.evaluateStrings(file, n.arguments[0]);
    bottom = n;
    n = unwrap(callee.expression);
  }
  return bottom ? symbols.evaluateStrings(file, bottom.arguments[0]) : undefined;
}

// The table of `knex.schema.createTable('orders', (t) => { ...here... })`.
function enclosingTable(node: ts.Node, str: (e: ts.Expression | undefined) => string | undefined): string | undefined {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (ts.isCallExpression(n) && TABLE_BUILDERS.has(methodName(n) ?? '') && n.arguments.some((a) => a.pos <= node.pos && node.end <= a.end && ts.isFunctionLike(unwrap(a)))) {
      return str(n.arguments[0])?.split('.').pop();
    }
  }
  return undefined;
}

function countNewlines(text: string, end: number): number {
  let count = 0;
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) count++;
  return count;
}


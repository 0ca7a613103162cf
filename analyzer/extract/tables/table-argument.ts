// A table argument of a knex call (`db(x)`, `.from(x)`, `.join(x, …)`): a name, an alias map, a
// member of the class around it, a loop over a constant list — or something that is not ours to
// read (a subquery, a callback) or that truly varies (a DYNAMIC_TABLE diagnostic, never a guess).
import ts from '../typescript.cjs';
import { lineOf, unwrap, type FileIndex } from '../index-file.js';
import type { Symbols } from '../symbols.js';
import { enclosingStaticMethod } from './active-record.js';
import { isSystemCatalog } from './system-catalog.js';
import { addAccess, addCatalogRead, addDynamic, evidenceOf, type Kind, type TableContext } from './table-context.js';
import { parseQualifiedName, parseTableName } from './table-name.js';
import { resolveThisTable } from './this-table.js';

export function tableArgument(ctx: TableContext, expr: ts.Expression, kind: Kind, site: ts.Node, ctes: ReadonlySet<string> = new Set()): void {
  const { file, symbols } = ctx;
  const e = unwrap(expr);
  if (ts.isFunctionLike(e) || ts.isCallExpression(e) || ts.isArrayLiteralExpression(e)) return;
  if (ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword) {
    const inStatic = enclosingStaticMethod(e);
    if (inStatic) return void ctx.staticQueryMethods.push({ ...inStatic, field: e.name.text });
    const field = resolveThisTable(e, symbols, file);
    if (field?.kind === 'constant') return addName(ctx, field.value, kind, site, ctes);
    if (field?.kind === 'parameter') {
      const prev = ctx.tableParameterClasses.find((c) => c.node === field.cls);
      if (prev) Object.assign(prev, { read: prev.read || kind.read, write: prev.write || kind.write });
      else ctx.tableParameterClasses.push({ node: field.cls, paramIndex: field.paramIndex, ...kind });
      return;
    }
    if (field?.kind === 'subclass') {
      ctx.subclassTables.push({ cls: field.cls, field: field.field, ...kind, file: file.rel, line: lineOf(file.sf, site), call: evidenceOf(site, file.sf) });
      return;
    }
    return addDynamic(ctx, e, 'table');
  }
  if (isQueryValue(file, e, symbols)) return; // a subquery held in a variable: its own call was read where it was built
  const value = symbols.evaluate(file, e);
  if (typeof value === 'string') return addName(ctx, value, kind, site, ctes);
  if (value && typeof value === 'object' && value.kind === 'object' && ts.isObjectLiteralExpression(value.node)) {
    for (const prop of value.node.properties) {
      const v = ts.isPropertyAssignment(prop) || ts.isShorthandPropertyAssignment(prop) ? symbols.evaluate(value.file, prop) : undefined;
      if (typeof v === 'string') addName(ctx, v, kind, site, ctes);
    }
    return;
  }
  const choices = symbols.evaluateChoices(file, e);
  if (choices) return choices.forEach((c) => addName(ctx, c, kind, site, ctes));
  addDynamic(ctx, e, 'table');
}

function addName(ctx: TableContext, text: string, kind: Kind, site: ts.Node, ctes: ReadonlySet<string>): void {
  const qualified = parseQualifiedName(text);
  const name = qualified === undefined ? undefined : parseTableName(qualified);
  if (!qualified || !name) return addDynamic(ctx, site, 'table');
  if (ctes.has(name)) return;
  if (isSystemCatalog(qualified)) addCatalogRead(ctx, qualified, site);
  else addAccess(ctx, name, kind, site);
}

// `const units = db('stock').sum(...).as('u')` then `.leftJoin(units, ...)`: a query, not a name.
function isQueryValue(file: FileIndex, expr: ts.Expression, symbols: Symbols): boolean {
  const r = ts.isIdentifier(expr) ? symbols.resolveName(file, expr.text, expr) : undefined;
  const init = r && 'node' in r && ts.isVariableDeclaration(r.node) && r.node.initializer ? unwrap(r.node.initializer) : undefined;
  const value = init && ts.isAwaitExpression(init) ? unwrap(init.expression) : init;
  return !!value && (ts.isCallExpression(value) || ts.isNewExpression(value)) && symbols.evaluate(file, value) === undefined;
}

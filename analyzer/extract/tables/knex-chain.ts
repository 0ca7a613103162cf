// Reading knex-style query builder chains: `db('orders').where(...).update(...)`.
import ts from '../typescript.cjs';
import { unwrap } from '../index-file.js';

const WRITE_METHODS = new Set(['insert', 'update', 'del', 'delete', 'upsert', 'truncate', 'merge', 'increment', 'decrement', 'batchInsert']);
export const JOIN_METHODS = new Set(['join', 'innerJoin', 'leftJoin', 'leftOuterJoin', 'rightJoin', 'rightOuterJoin', 'outerJoin', 'fullOuterJoin', 'crossJoin', 'joinLateral']);
export const TABLE_METHODS = new Set(['from', 'into', 'table', 'withSchema']);

/** The method name of `x.name(...)`, if the call has that form. */
export function methodName(call: ts.CallExpression): string | undefined {
  const callee = unwrap(call.expression);
  return ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
}

/** `this.db.query` → "this.db.query"; undefined when the callee is not a plain dotted name. */
export function calleeName(expr: ts.Expression): string | undefined {
  const e = unwrap(expr);
  if (ts.isIdentifier(e)) return e.text;
  if (e.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  if (ts.isPropertyAccessExpression(e)) {
    const left = calleeName(e.expression);
    return left === undefined ? undefined : `${left}.${e.name.text}`;
  }
  return undefined;
}

/** The method names of the whole chain a call belongs to, below it and above it. */
export function chainMethods(call: ts.CallExpression): string[] {
  const names: string[] = [];
  // Down: the receivers of this call.
  for (let n: ts.Expression = call; ; ) {
    const e = unwrap(n);
    if (!ts.isCallExpression(e)) break;
    const callee = unwrap(e.expression);
    if (!ts.isPropertyAccessExpression(callee)) break;
    names.push(callee.name.text);
    n = callee.expression;
  }
  // Up: calls made on this call's result.
  for (let n: ts.Node = call; ; ) {
    let p = n.parent;
    while (p && (ts.isParenthesizedExpression(p) || ts.isNonNullExpression(p) || ts.isAsExpression(p))) p = p.parent;
    if (!p || !ts.isPropertyAccessExpression(p) || !p.parent || !ts.isCallExpression(p.parent) || p.parent.expression !== p) break;
    names.push(p.name.text);
    n = p.parent;
  }
  return names;
}

/** The expression a chain starts from: `db` in `db.select().from('x')`, `db('x')` in `db('x').where()`. */
export function chainRoot(call: ts.CallExpression): ts.Expression {
  let n: ts.Expression = call;
  for (;;) {
    const e = unwrap(n);
    if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(unwrap(e.expression))) n = (unwrap(e.expression) as ts.PropertyAccessExpression).expression;
    else return e;
  }
}

/** Write when the chain inserts, updates, deletes, upserts, truncates or merges; read otherwise. */
export function chainAccess(methods: readonly string[]): { read: boolean; write: boolean } {
  const write = methods.some((m) => WRITE_METHODS.has(m));
  return { read: !write, write };
}

/** CTE names declared in a chain with `.with('name', ...)`: they are not tables. */
export function chainCteNames(call: ts.CallExpression, evaluate: (e: ts.Expression) => string | undefined): Set<string> {
  const names = new Set<string>();
  const visit = (n: ts.Expression) => {
    const e = unwrap(n);
    if (!ts.isCallExpression(e)) return;
    const m = methodName(e);
    if ((m === 'with' || m === 'withRecursive' || m === 'withMaterialized') && e.arguments[0]) {
      const name = evaluate(e.arguments[0]);
      if (name) names.add(name);
    }
    const callee = unwrap(e.expression);
    if (ts.isPropertyAccessExpression(callee)) visit(callee.expression);
  };
  visit(chainTop(call)); // from the top, so CTEs declared after the table call count too
  return names;
}

/** The last call of the chain `call` belongs to: `db('t').where().del()` for `db('t')`. */
export function chainTop(call: ts.CallExpression): ts.CallExpression {
  let top = call;
  for (;;) {
    const p = top.parent;
    if (p && ts.isPropertyAccessExpression(p) && p.parent && ts.isCallExpression(p.parent) && p.parent.expression === p) top = p.parent;
    else return top;
  }
}

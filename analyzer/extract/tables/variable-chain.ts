// A builder kept in a variable and finished later: `const q = db('t').where(…); …; await q.del()`.
// The table call's access is read from every chain on that variable, so the delete counts.
import ts from '../typescript.cjs';
import type { FileIndex } from '../index-file.js';
import type { Symbols } from '../symbols.js';
import { chainMethods, chainTop } from './knex-chain.js';

/** The methods called on the variable that holds the chain of `call`, in the scope it is declared in. */
export function variableChainMethods(call: ts.CallExpression, file: FileIndex, symbols: Symbols): string[] {
  let top: ts.Node = chainTop(call);
  while (top.parent && (ts.isParenthesizedExpression(top.parent) || ts.isAsExpression(top.parent) || ts.isNonNullExpression(top.parent))) top = top.parent;
  const decl = top.parent;
  if (!decl || !ts.isVariableDeclaration(decl) || decl.initializer !== top || !ts.isIdentifier(decl.name)) return [];
  const name = decl.name.text;
  let scope: ts.Node | undefined = decl.parent;
  while (scope && !ts.isBlock(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
  if (!scope) return [];
  const methods: string[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isIdentifier(n) && n.text === name && n !== decl.name && ts.isPropertyAccessExpression(n.parent) && n.parent.expression === n && ts.isCallExpression(n.parent.parent)) {
      const r = symbols.resolveName(file, name, n);
      if (r && 'node' in r && r.node === decl) methods.push(...chainMethods(n.parent.parent));
    }
    ts.forEachChild(n, visit);
  };
  visit(scope);
  return methods;
}

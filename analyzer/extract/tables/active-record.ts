// Active-record models: a base class whose static query method reads the table from a static field
// (`static query() { return db(this.tableName) }`) and subclasses that set it (`static tableName =
// 'orders'`). `Order.query().insert(...)` or `this.query()` inside the model then touch that table.
import ts from '../typescript.cjs';
import type { TableAccessSite } from '../../types.js';
import { lineOf, propertyNameText, type FileIndex } from '../index-file.js';
import { chainAccess, chainMethods } from './knex-chain.js';
import type { Symbols } from '../symbols.js';
import { baseClassOf } from '../base-class.js';
import { evidenceOf } from './table-context.js';
import { parseTableName } from './table-name.js';

/** `static query() { return db(this.tableName) }` in class `cls`: method `query` reads static field `tableName`. */
export interface StaticQueryMethod {
  cls: ts.ClassLikeDeclaration;
  method: string;
  field: string;
}

/** The static method enclosing `node`, with its class, when `node` sits in one. */
export function enclosingStaticMethod(node: ts.Node): { cls: ts.ClassLikeDeclaration; method: string } | undefined {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (ts.isMethodDeclaration(n) || ts.isGetAccessorDeclaration(n)) {
      const isStatic = ts.getModifiers(n)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
      const name = propertyNameText(n.name);
      return isStatic && name && ts.isClassLike(n.parent) ? { cls: n.parent, method: name } : undefined;
    }
    if (ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n)) return undefined; // `this` is rebound there
  }
  return undefined;
}

/** Every `Model.query()…` / `this.query()…` chain on a model whose base declares a static query method. */
export function resolveActiveRecordQueries(methods: readonly StaticQueryMethod[], symbols: Symbols): TableAccessSite[] {
  if (methods.length === 0) return [];
  const byClass = new Map<ts.Node, Map<string, string>>();
  for (const m of methods) byClass.set(m.cls, (byClass.get(m.cls) ?? new Map()).set(m.method, m.field));
  const names = new Set(methods.map((m) => m.method));
  const accesses: TableAccessSite[] = [];
  for (const file of symbols.files.values()) {
    const visit = (n: ts.Node) => {
      if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && names.has(n.expression.name.text)) {
        const cls = classOfReceiver(file, n.expression.expression, symbols);
        const field = cls && findInChain(cls, symbols, (c) => byClass.get(c)?.get((n.expression as ts.PropertyAccessExpression).name.text));
        const table = cls && field ? findInChain(cls, symbols, (c) => staticStringField(c, field, symbols)) : undefined;
        const name = table && parseTableName(table);
        if (name) accesses.push({ table: name, ...chainAccess(chainMethods(n)), file: file.rel, line: lineOf(file.sf, n), call: evidenceOf(n, file.sf) });
      }
      ts.forEachChild(n, visit);
    };
    visit(file.sf);
  }
  return accesses;
}

function classOfReceiver(file: FileIndex, receiver: ts.Expression, symbols: Symbols): ts.ClassLikeDeclaration | undefined {
  if (receiver.kind === ts.SyntaxKind.ThisKeyword) return enclosingStaticMethod(receiver)?.cls;
  const r = symbols.resolveReference(file, receiver);
  return r && 'node' in r && ts.isClassLike(r.node) ? r.node : undefined;
}

// Looks a class up, then its base classes, for the first answer.
function findInChain<T>(cls: ts.ClassLikeDeclaration, symbols: Symbols, pick: (c: ts.ClassLikeDeclaration) => T | undefined): T | undefined {
  const seen = new Set<ts.Node>();
  for (let c: ts.ClassLikeDeclaration | undefined = cls; c && !seen.has(c); c = baseClassOf(c, symbols)) {
    seen.add(c);
    const found = pick(c);
    if (found !== undefined) return found;
  }
  return undefined;
}


function staticStringField(cls: ts.ClassLikeDeclaration, field: string, symbols: Symbols): string | undefined {
  const file = symbols.fileOf(cls);
  const member = cls.members.find((m) => (ts.isPropertyDeclaration(m) || ts.isGetAccessorDeclaration(m)) && m.name && propertyNameText(m.name) === field && ts.getModifiers(m)?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword));
  return member && file ? symbols.evaluateString(file, member) : undefined;
}

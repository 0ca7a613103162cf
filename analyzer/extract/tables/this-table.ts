// `this.table` / `this.tableName` as a table argument inside a class: a constant field or getter,
// a constructor parameter (the class is a base repository: `super('orders')` says which), or a
// member only subclasses fill in (`get tableName() { return 'users' }` overriding the base's).
import ts from '../typescript.cjs';
import { propertyNameText, unwrap, type FileIndex } from '../index-file.js';
import type { Symbols } from '../symbols.js';

export type ThisTable =
  | { kind: 'constant'; value: string }
  | { kind: 'parameter'; cls: ts.ClassLikeDeclaration; paramIndex: number }
  | { kind: 'subclass'; cls: ts.ClassLikeDeclaration; field: string } // declared without a value here
  | undefined;

/** What `this.<field>` names in the class around `expr`. */
export function resolveThisTable(expr: ts.PropertyAccessExpression, symbols: Symbols, file: FileIndex): ThisTable {
  let cls: ts.Node | undefined = expr.parent;
  while (cls && !ts.isClassLike(cls)) cls = cls.parent;
  if (!cls || !ts.isClassLike(cls)) return undefined;
  const field = expr.name.text;
  const member = cls.members.find((m) => (ts.isPropertyDeclaration(m) || ts.isGetAccessorDeclaration(m)) && m.name && propertyNameText(m.name) === field && !isStatic(m));
  if (member) {
    const value = symbols.evaluateString(file, member);
    if (value !== undefined) return { kind: 'constant', value };
  }
  const ctor = cls.members.find(ts.isConstructorDeclaration);
  if (ctor) {
    const paramProp = ctor.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === field && ts.getModifiers(p)?.length);
    if (paramProp >= 0) return { kind: 'parameter', cls, paramIndex: paramProp };
    const assigned = constructorAssignment(ctor, field);
    if (assigned) {
      const right = unwrap(assigned);
      const index = ts.isIdentifier(right) ? ctor.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === right.text) : -1;
      if (index >= 0) return { kind: 'parameter', cls, paramIndex: index };
      const value = symbols.evaluateString(file, right);
      return value === undefined ? undefined : { kind: 'constant', value };
    }
  }
  // A getter that throws, an abstract, uninitialised or undeclared field: each subclass says which table.
  return hasStatic(cls, field) ? undefined : { kind: 'subclass', cls, field };
}

/** The constant a subclass gives `field` (getter, initialised field or constructor assignment). */
export function subclassTable(cls: ts.ClassLikeDeclaration, field: string, symbols: Symbols, file: FileIndex): { value: string; node: ts.Node } | undefined {
  const member = cls.members.find((m) => (ts.isPropertyDeclaration(m) || ts.isGetAccessorDeclaration(m)) && m.name && propertyNameText(m.name) === field && !isStatic(m));
  const value = member && symbols.evaluateString(file, member);
  if (member && value !== undefined) return { value, node: member };
  const ctor = cls.members.find(ts.isConstructorDeclaration);
  const assigned = ctor && constructorAssignment(ctor, field);
  const assignedValue = assigned && symbols.evaluateString(file, assigned);
  return assigned && assignedValue !== undefined ? { value: assignedValue, node: assigned } : undefined;
}

/** What the constructor assigns to `this.<field>`, if anything. */
export function constructorAssignment(ctor: ts.ConstructorDeclaration, field: string): ts.Expression | undefined {
  let found: ts.Expression | undefined;
  const visit = (n: ts.Node) => {
    if (found) return;
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(n.left) && n.left.expression.kind === ts.SyntaxKind.ThisKeyword && n.left.name.text === field) {
      found = n.right;
    }
    ts.forEachChild(n, visit);
  };
  if (ctor.body) visit(ctor.body);
  return found;
}

export function isStatic(m: ts.ClassElement): boolean {
  return !!(ts.canHaveModifiers(m) && ts.getModifiers(m)?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword));
}

function hasStatic(cls: ts.ClassLikeDeclaration, field: string): boolean {
  return cls.members.some((m) => m.name && propertyNameText(m.name) === field && isStatic(m));
}

// Knex handles recognised by how they are made and passed, not by what they are called: the value
// `knex(...)` returns, anything typed `Knex` / `Knex.Transaction` / `Knex.QueryBuilder` (or a type
// alias of one), a transaction and its callback's parameter, a builder callback's parameter or
// `this`, and what those flow into — variables, class fields (declared, parameter properties,
// assigned in the constructor, getters, inherited), parameters (typed, or given a handle at a call
// site), factories returning one. `helpers.knex` in the config names what still cannot be seen.
// Other query builders (ORM models) get recognisers of their own beside this one.
import ts from '../typescript.cjs';
import { functionOf, unwrap, type FileIndex, type ImportBinding } from '../index-file.js';
import { calleeName, chainRoot, methodName } from './knex-chain.js';
import { baseClassOf } from '../base-class.js';
import type { Symbols } from '../symbols.js';

export interface KnexHandles {
  /** True when `expr` evaluates to a knex instance, transaction or query builder. */
  isHandle(file: FileIndex, expr: ts.Expression): boolean;
  /** True when the chain `call` belongs to starts at a handle (`db('t').where()`, `trx.select().from('t')`). */
  startsAtHandle(file: FileIndex, call: ts.CallExpression): boolean;
}

const KNEX_MODULE = 'knex';
const KNEX_TYPE = /^Knex(\.\w+)?$/;
const MAX_DEPTH = 16;
const SUBQUERY_METHODS = new Set(['whereIn', 'whereNotIn', 'orWhereIn', 'orWhereNotIn', 'andWhereIn', 'whereExists', 'whereNotExists', 'orWhereExists', 'orWhereNotExists', 'union', 'unionAll', 'joinLateral']);

export function createKnexHandles(symbols: Symbols, declared: readonly string[]): KnexHandles {
  const memo = new Map<ts.Node, boolean>(); // declaration → holds a handle
  const factories = new Map<ts.Node, boolean>(); // function → returns a handle
  let callSites: Map<ts.Node, { file: FileIndex; args: readonly ts.Expression[] }[]> | undefined;

  const isHandle = (file: FileIndex, expr: ts.Expression, depth = 0): boolean => {
    if (depth > MAX_DEPTH) return false;
    let e = unwrap(expr);
    const name = calleeName(e);
    if (name && declared.some((d) => name === d || name.endsWith(`.${d}`))) return true;
    if (ts.isAwaitExpression(e)) {
      // `await db('t').first()` is a row; only `await db.transaction()` is a handle.
      e = unwrap(e.expression);
      return ts.isCallExpression(e) && methodName(e) === 'transaction' && !e.arguments.some(isFunction) && isHandle(file, (unwrap(e.expression) as ts.PropertyAccessExpression).expression, depth + 1);
    }
    if (ts.isIdentifier(e)) {
      const r = symbols.resolveName(file, e.text, e);
      return !!r && 'node' in r && declarationIsHandle(r.file, r.node, depth + 1);
    }
    if (e.kind === ts.SyntaxKind.ThisKeyword) return builderCallbackOf(e) !== undefined && isBuilderCallback(file, builderCallbackOf(e)!, depth + 1);
    if (ts.isPropertyAccessExpression(e)) {
      if (e.expression.kind === ts.SyntaxKind.ThisKeyword) return thisMemberIsHandle(file, e, depth + 1);
      const r = symbols.resolveReference(file, e);
      if (r) return 'node' in r && declarationIsHandle(r.file, r.node, depth + 1);
      // `WIKI.models.knex` on a global: a field of that name that is given a knex instance somewhere.
      return isLooseRoot(file, e) && handleFieldNames().has(e.name.text);
    }
    if (ts.isCallExpression(e)) {
      if (isKnexFactoryCall(file, e)) return true;
      const callee = unwrap(e.expression);
      // `db('t')`, `db.select()`, `db.transaction()`: calls on a handle give a builder or a transaction.
      if (ts.isPropertyAccessExpression(callee)) return !isFunction(e.arguments[0]) || callee.name.text !== 'transaction' ? isHandle(file, callee.expression, depth + 1) : false;
      if (isHandle(file, callee, depth + 1)) return true;
      return factoryReturnsHandle(file, callee, depth + 1);
    }
    return false;
  };

  const declarationIsHandle = (file: FileIndex, node: ts.Node, depth: number): boolean => {
    const cached = memo.get(node);
    if (cached !== undefined) return cached;
    memo.set(node, false); // a cycle answers no
    const result = computeDeclaration(file, node, depth);
    memo.set(node, result);
    return result;
  };

  const computeDeclaration = (file: FileIndex, node: ts.Node, depth: number): boolean => {
    if (ts.isVariableDeclaration(node) || ts.isPropertyDeclaration(node)) {
      return typeIsKnex(file, node.type) || (!!node.initializer && isHandle(file, node.initializer, depth));
    }
    if (ts.isParameter(node)) return parameterIsHandle(file, node, depth);
    if (ts.isGetAccessorDeclaration(node)) return typeIsKnex(file, node.type) || returnsHandle(file, node, depth);
    if (ts.isPropertyAssignment(node)) return isHandle(file, node.initializer, depth);
    if (ts.isShorthandPropertyAssignment(node)) return isHandle(file, node.name, depth);
    if (ts.isBindingElement(node)) return bindingIsHandle(file, node, depth);
    if (ts.isExpression(node)) return isHandle(file, node, depth); // `module.exports = knex(...)`
    return false;
  };

  const parameterIsHandle = (file: FileIndex, param: ts.ParameterDeclaration, depth: number): boolean => {
    if (typeIsKnex(file, param.type)) return true;
    if (param.initializer && isHandle(file, param.initializer, depth)) return true;
    const fn = param.parent;
    const index = fn.parameters.indexOf(param);
    if (index === 0 && (isMigrationFunction(fn) || isBuilderCallback(file, fn, depth))) return true;
    if (param.type) return false; // typed as something else
    // An untyped parameter is a handle when a call site hands it one (`new Store(knex)`, `byId(trx, 1)`).
    for (const site of sitesOf(fn)) if (site.args[index] && isHandle(site.file, site.args[index], depth)) return true;
    return false;
  };

  // `db.transaction(async (trx) => …)`, `.where(function () { this… })`, `.modify((qb) => …)`.
  const isBuilderCallback = (file: FileIndex, fn: ts.SignatureDeclaration, depth: number): boolean => {
    const call = fn.parent;
    if (!call || !ts.isCallExpression(call) || !call.arguments.includes(fn as ts.Expression)) return false;
    const callee = unwrap(call.expression);
    if (!ts.isPropertyAccessExpression(callee)) return false;
    if (callee.name.text === 'transaction') return isHandle(file, callee.expression, depth);
    // Subquery callbacks only a knex-style builder takes (`.whereIn('id', function () { this.from('t') })`), on any builder.
    return SUBQUERY_METHODS.has(callee.name.text) || startsAtHandle(file, call, depth);
  };

  const bindingIsHandle = (file: FileIndex, el: ts.BindingElement, depth: number): boolean => {
    const key = el.propertyName ? (ts.isIdentifier(el.propertyName) ? el.propertyName.text : undefined) : ts.isIdentifier(el.name) ? el.name.text : undefined;
    const owner = el.parent.parent;
    if (!key) return false;
    // `function f({ db }: { db: Knex })`
    const typed = (ts.isParameter(owner) || ts.isVariableDeclaration(owner)) && owner.type && ts.isTypeLiteralNode(owner.type) ? owner.type : undefined;
    const member = typed?.members.find((m) => ts.isPropertySignature(m) && m.name && ts.isIdentifier(m.name) && m.name.text === key) as ts.PropertySignature | undefined;
    if (member) return typeIsKnex(file, member.type);
    // `const { db } = deps` where `deps.db` is a handle
    if (ts.isVariableDeclaration(owner) && owner.initializer) {
      const r = symbols.resolveReference(file, ts.factory.createPropertyAccessExpression(owner.initializer, key));
      return !!r && 'node' in r && declarationIsHandle(r.file, r.node, depth);
    }
    return false;
  };

  // `this.db` inside a class: a field, parameter property, constructor assignment or getter, here or in a base class.
  const thisMemberIsHandle = (file: FileIndex, expr: ts.PropertyAccessExpression, depth: number): boolean => {
    const field = expr.name.text;
    if (!enclosingClass(expr)) return handleFieldNames().has(field); // `this.knex` in an object literal's method
    for (let cls = enclosingClass(expr), seen = 0; cls && seen < MAX_DEPTH; cls = baseClassOf(cls, symbols), seen++) {
      const clsFile = symbols.fileOf(cls) ?? file;
      for (const member of cls.members) {
        if ((ts.isPropertyDeclaration(member) || ts.isGetAccessorDeclaration(member)) && member.name && ts.isIdentifier(member.name) && member.name.text === field) {
          if (declarationIsHandle(clsFile, member, depth)) return true;
        }
        if (ts.isConstructorDeclaration(member)) {
          const prop = member.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === field && ts.getModifiers(p)?.length);
          if (prop && declarationIsHandle(clsFile, prop, depth)) return true;
          if (member.body && assignedHandle(clsFile, member.body, field, depth)) return true;
        }
      }
    }
    return false;
  };

  const assignedHandle = (file: FileIndex, body: ts.Node, field: string, depth: number): boolean => {
    let found = false;
    const visit = (n: ts.Node) => {
      if (found || (ts.isFunctionLike(n) && !ts.isArrowFunction(n))) return;
      if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(n.left) && n.left.expression.kind === ts.SyntaxKind.ThisKeyword && n.left.name.text === field) {
        found = isHandle(file, n.right, depth);
      }
      ts.forEachChild(n, visit);
    };
    ts.forEachChild(body, visit);
    return found;
  };

  const returnsHandle = (file: FileIndex, fn: ts.FunctionLikeDeclaration, depth: number): boolean => {
    if (typeIsKnex(file, fn.type)) return true;
    if (!fn.body) return false;
    if (!ts.isBlock(fn.body)) return isHandle(file, fn.body, depth);
    let found = false;
    const visit = (n: ts.Node) => {
      if (found || (ts.isFunctionLike(n) && n !== fn)) return;
      if (ts.isReturnStatement(n) && n.expression && isHandle(file, n.expression, depth)) found = true;
      else ts.forEachChild(n, visit);
    };
    ts.forEachChild(fn.body, visit);
    return found;
  };

  // `makeDb()` / `getConnection()`: a project function that returns a handle.
  const factoryReturnsHandle = (file: FileIndex, callee: ts.Expression, depth: number): boolean => {
    const r = symbols.resolveReference(file, callee);
    const fn = r && 'node' in r ? functionOf(r.node) : undefined;
    if (!fn) return false;
    const cached = factories.get(fn);
    if (cached !== undefined) return cached;
    factories.set(fn, false);
    const result = returnsHandle(r!.file, fn, depth);
    factories.set(fn, result);
    return result;
  };

  const typeIsKnex = (file: FileIndex, type: ts.TypeNode | undefined, depth = 0): boolean => {
    if (!type || depth > MAX_DEPTH) return false;
    if (ts.isUnionTypeNode(type) || ts.isIntersectionTypeNode(type)) return type.types.some((t) => typeIsKnex(file, t, depth + 1));
    if (ts.isParenthesizedTypeNode(type)) return typeIsKnex(file, type.type, depth + 1);
    if (ts.isTypeReferenceNode(type)) {
      const full = entityText(type.typeName);
      if (KNEX_TYPE.test(full)) return true;
      const first = full.split('.')[0];
      const binding = file.typeImports.get(first) ?? file.imports.get(first);
      if (binding?.specifier === KNEX_MODULE) return true;
      const alias = findTypeAlias(file, first, binding);
      return !!alias && full === first && typeIsKnex(alias.file, alias.node.type, depth + 1);
    }
    return false;
  };

  const findTypeAlias = (file: FileIndex, name: string, binding: ImportBinding | undefined): { file: FileIndex; node: ts.TypeAliasDeclaration } | undefined => {
    const target = binding ? (binding.target ? symbols.files.get(binding.target) : undefined) : file;
    const wanted = binding ? binding.name : name;
    const node = target?.sf.statements.find((s): s is ts.TypeAliasDeclaration => ts.isTypeAliasDeclaration(s) && s.name.text === wanted);
    return node && target ? { file: target, node } : undefined;
  };

  const isKnexFactoryCall = (file: FileIndex, call: ts.CallExpression): boolean => {
    const callee = unwrap(call.expression);
    if (ts.isCallExpression(callee)) return requireOf(callee) === KNEX_MODULE; // require('knex')({...})
    const root = ts.isPropertyAccessExpression(callee) ? unwrap(callee.expression) : callee; // knex.knex({...})
    if (!ts.isIdentifier(root)) return false;
    const local = symbols.resolveName(file, root.text, root);
    if (local && 'node' in local) return false; // a local of the same name
    return file.imports.get(root.text)?.specifier === KNEX_MODULE && (root === callee || (callee as ts.PropertyAccessExpression).name.text === 'knex');
  };

  // Names of fields assigned a knex instance anywhere (`this.knex = Knex({...})`, `{ db: knex(cfg) }`).
  let fieldNames: Set<string> | undefined;
  const handleFieldNames = (): Set<string> => {
    if (fieldNames) return fieldNames;
    fieldNames = new Set();
    for (const file of symbols.files.values()) {
      const visit = (n: ts.Node) => {
        if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(n.left) && ts.isCallExpression(unwrap(n.right)) && isKnexFactoryCall(file, unwrap(n.right) as ts.CallExpression)) {
          fieldNames!.add(n.left.name.text);
        } else if (ts.isPropertyAssignment(n) && ts.isIdentifier(n.name) && ts.isCallExpression(unwrap(n.initializer)) && isKnexFactoryCall(file, unwrap(n.initializer) as ts.CallExpression)) {
          fieldNames!.add(n.name.text);
        }
        ts.forEachChild(n, visit);
      };
      visit(file.sf);
    }
    return fieldNames;
  };

  // A global (`WIKI`), or `self` standing for the `this` of an object literal's methods.
  const isLooseRoot = (file: FileIndex, e: ts.PropertyAccessExpression): boolean => {
    let root: ts.Expression = e;
    while (ts.isPropertyAccessExpression(root)) root = unwrap(root.expression);
    if (!ts.isIdentifier(root)) return false;
    const r = symbols.resolveName(file, root.text, root);
    if (!r) return !file.imports.has(root.text);
    return 'node' in r && ts.isVariableDeclaration(r.node) && !!r.node.initializer && unwrap(r.node.initializer).kind === ts.SyntaxKind.ThisKeyword;
  };

  // Call sites of project functions and classes, indexed once on first need.
  const sitesOf = (fn: ts.SignatureDeclaration): { file: FileIndex; args: readonly ts.Expression[] }[] => {
    if (!callSites) {
      callSites = new Map();
      for (const file of symbols.files.values()) {
        const visit = (n: ts.Node) => {
          if ((ts.isCallExpression(n) || ts.isNewExpression(n)) && n.arguments?.length && (ts.isIdentifier(n.expression) || ts.isPropertyAccessExpression(n.expression))) {
            const r = symbols.resolveReference(file, n.expression);
            const target = r && 'node' in r ? (ts.isClassLike(r.node) ? r.node.members.find(ts.isConstructorDeclaration) : functionOf(r.node)) : undefined;
            if (target) callSites!.set(target, [...(callSites!.get(target) ?? []), { file, args: n.arguments }]);
          }
          ts.forEachChild(n, visit);
        };
        visit(file.sf);
      }
    }
    return callSites.get(fn) ?? [];
  };

  const startsAtHandle = (file: FileIndex, call: ts.CallExpression, depth = 0): boolean => {
    const root = chainRoot(call);
    return isHandle(file, ts.isCallExpression(root) ? root.expression : root, depth + 1) || (ts.isCallExpression(root) && isHandle(file, root, depth + 1));
  };

  return { isHandle: (file, expr) => isHandle(file, expr), startsAtHandle: (file, call) => startsAtHandle(file, call) };
}

/** The class a `this` belongs to (arrow functions keep it; other functions rebind it). */
export function enclosingClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (ts.isClassLike(n)) return n;
    if (ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n)) return undefined;
  }
  return undefined;
}

// The function expression whose `this` a builder callback binds (`.where(function () { this.… })`).
function builderCallbackOf(node: ts.Node): ts.FunctionExpression | undefined {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (ts.isFunctionExpression(n)) return n;
    if (ts.isFunctionDeclaration(n) || ts.isClassLike(n) || ts.isMethodDeclaration(n)) return undefined;
  }
  return undefined;
}

// knex migrations and seeds: `exports.up = async (knex) => …`, `export async function down(knex)`, `{ seed(knex) {} }`.
const MIGRATION_EXPORTS = new Set(['up', 'down', 'seed']);
function isMigrationFunction(fn: ts.SignatureDeclaration): boolean {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) && fn.name && ts.isIdentifier(fn.name)) {
    return MIGRATION_EXPORTS.has(fn.name.text) && (ts.isMethodDeclaration(fn) ? ts.isObjectLiteralExpression(fn.parent) : !!ts.getModifiers(fn)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword));
  }
  const p = fn.parent;
  if (!p) return false;
  if (ts.isBinaryExpression(p) && p.right === fn && ts.isPropertyAccessExpression(p.left)) return MIGRATION_EXPORTS.has(p.left.name.text);
  if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name)) return MIGRATION_EXPORTS.has(p.name.text) && ts.isObjectLiteralExpression(p.parent);
  if (ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return MIGRATION_EXPORTS.has(p.name.text) && ts.isVariableDeclarationList(p.parent) && !!ts.getModifiers(p.parent.parent as ts.VariableStatement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  return false;
}

function isFunction(node: ts.Node | undefined): boolean {
  return !!node && (ts.isArrowFunction(node) || ts.isFunctionExpression(node));
}

function entityText(name: ts.EntityName): string {
  return ts.isIdentifier(name) ? name.text : `${entityText(name.left)}.${name.right.text}`;
}

function requireOf(call: ts.CallExpression): string | undefined {
  return ts.isIdentifier(call.expression) && call.expression.text === 'require' && call.arguments.length === 1 && ts.isStringLiteralLike(call.arguments[0]) ? call.arguments[0].text : undefined;
}

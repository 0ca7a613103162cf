// The model whose row (instance) an expression holds: a declared type, `new User()`, a finder
// (`await Group.query().findById(1)`, `User.findOne()`), a model's own static that returns one of its
// rows, `this` in an instance method, a variable holding any of those, and an untyped parameter that
// every call site in the tree hands a row of the same model (`associateTags({ page })` in JavaScript).
// No agreement, no model: a parameter some call site fills with something else stays unknown.
import ts from '../typescript.cjs';
import { functionOf, propertyNameText, unwrap, type FileIndex } from '../index-file.js';
import { baseClassOf } from '../base-class.js';
import type { Symbols } from '../symbols.js';
import type { OrmModel } from './orm-models.js';
import { isStatic } from './this-table.js';

export interface ModelLookups {
  modelOf(file: FileIndex, expr: ts.Expression): OrmModel | undefined;
  typeModel(file: FileIndex, type: ts.TypeNode): OrmModel | undefined;
  fromNode(node: ts.Node): OrmModel | undefined;
}

interface CallSite {
  file: FileIndex;
  call: ts.CallExpression;
}

const MAX_DEPTH = 8;
// Objection: `.findById(1)`, `.insertAndFetch({})`, `.first()` on a `query()` chain give one row of the model.
const ONE_ROW = /^(findById|findOne|first|insertAndFetch|patchAndFetchById|updateAndFetchById)$/;
// Sequelize / TypeORM statics that give one row.
const FINDERS = /^(find(One|ByPk|ById|OneBy|OrFail|OneOrFail)?|create|build|findOrCreate)$|^(findOne|findByPk|create)/;

export function createInstanceOf(symbols: Symbols, { modelOf, typeModel, fromNode }: ModelLookups): (file: FileIndex, expr: ts.Expression) => OrmModel | undefined {
  const handed = new Map<ts.Node, OrmModel | null>(); // parameter or binding → what every call site hands it (null: nothing agreed, or being computed)
  let callsByName: Map<string, CallSite[]> | undefined;

  const instanceOf = (file: FileIndex, expr: ts.Expression, depth = 0): OrmModel | undefined => {
    if (depth > MAX_DEPTH) return undefined;
    let e = unwrap(expr);
    if (ts.isAwaitExpression(e)) e = unwrap(e.expression);
    if (e.kind === ts.SyntaxKind.ThisKeyword) {
      const cls = enclosingInstanceClass(e);
      return cls ? fromNode(cls) : undefined;
    }
    if (ts.isNewExpression(e)) return modelOf(file, e.expression);
    if (ts.isCallExpression(e)) return callResult(file, e, depth);
    if (!ts.isIdentifier(e)) return undefined;
    const r = symbols.resolveName(file, e.text, e);
    if (!r || !('node' in r)) return undefined;
    const decl = r.node;
    if ((ts.isParameter(decl) || ts.isVariableDeclaration(decl)) && decl.type) return typeModel(r.file, decl.type);
    if (ts.isBindingElement(decl)) return bindingModel(r.file, decl) ?? handedIn(decl, depth);
    if (ts.isParameter(decl)) return handedIn(decl, depth);
    if (ts.isVariableDeclaration(decl) && decl.initializer) return instanceOf(r.file, decl.initializer, depth + 1);
    return undefined;
  };

  const callResult = (file: FileIndex, call: ts.CallExpression, depth: number): OrmModel | undefined => {
    const callee = unwrap(call.expression);
    if (!ts.isPropertyAccessExpression(callee)) return undefined;
    const name = callee.name.text;
    const query = ONE_ROW.test(name) ? queryReceiver(call) : undefined;
    if (query) return modelOf(file, query);
    const model = modelOf(file, callee.expression);
    if (!model) return undefined;
    if (FINDERS.test(name)) return model;
    // `WIKI.models.pages.getPageFromDb(id)`: the model's own static, when every value it returns is one of its rows.
    const method = ts.isClassLike(model.node) ? model.node.members.find((m): m is ts.MethodDeclaration => ts.isMethodDeclaration(m) && isStatic(m) && !!m.name && propertyNameText(m.name) === name) : undefined;
    return method?.body ? agreed(returnsOf(method.body).map((x) => instanceOf(model.file, x, depth + 1))) : undefined;
  };

  // `({ team }: Props)` with `type Props = { team: Team }` (or an interface, or an inline type literal).
  const bindingModel = (file: FileIndex, el: ts.BindingElement): OrmModel | undefined => {
    const owner = el.parent.parent;
    const key = bindingKey(el);
    if (!key || !ts.isParameter(owner) || !owner.type) return undefined;
    let members: ts.NodeArray<ts.TypeElement> | undefined;
    if (ts.isTypeLiteralNode(owner.type)) members = owner.type.members;
    else if (ts.isTypeReferenceNode(owner.type) && ts.isIdentifier(owner.type.typeName)) {
      const name = owner.type.typeName.text;
      const d = file.sf.statements.find((x) => (ts.isTypeAliasDeclaration(x) || ts.isInterfaceDeclaration(x)) && x.name.text === name);
      if (d && ts.isTypeAliasDeclaration(d) && ts.isTypeLiteralNode(d.type)) members = d.type.members;
      else if (d && ts.isInterfaceDeclaration(d)) members = d.members;
    }
    const member = members?.find((m): m is ts.PropertySignature => ts.isPropertySignature(m) && !!m.name && propertyNameText(m.name) === key);
    return member?.type ? typeModel(file, member.type) : undefined;
  };

  // An untyped parameter (or `{ page }` destructured from one): the model of what every call site passes there.
  const handedIn = (decl: ts.ParameterDeclaration | ts.BindingElement, depth: number): OrmModel | undefined => {
    const param = ts.isParameter(decl) ? decl : decl.parent.parent;
    const key = ts.isBindingElement(decl) ? bindingKey(decl) : undefined;
    if (!ts.isParameter(param) || param.type || param.dotDotDotToken || (ts.isBindingElement(decl) && !key)) return undefined;
    const known = handed.get(decl);
    if (known !== undefined) return known ?? undefined;
    handed.set(decl, null); // a cycle agrees on nothing
    const index = param.parent.parameters.indexOf(param);
    const values = sitesOf(param.parent).map((site) => {
      const arg = site.call.arguments[index];
      const value = arg && (key ? propertyOf(arg, key) : arg);
      return value && instanceOf(site.file, value, depth + 1);
    });
    const model = agreed(values);
    handed.set(decl, model ?? null);
    return model;
  };

  // Calls of a project function (resolved by reference) or of a model's static (on the model or a subclass of it).
  const sitesOf = (fn: ts.SignatureDeclaration): CallSite[] => {
    const name = functionName(fn);
    if (!name) return [];
    const owner = ts.isMethodDeclaration(fn) && ts.isClassLike(fn.parent) ? fn.parent : undefined;
    if (ts.isMethodDeclaration(fn) && (!isStatic(fn) || !ts.isClassLike(fn.parent))) return []; // an instance method's callers hold instances we cannot name
    return calls(name).filter(({ file, call }) => {
      const callee = unwrap(call.expression);
      if (owner) return ts.isPropertyAccessExpression(callee) && inherits(modelOf(file, callee.expression)?.node, owner);
      const r = symbols.resolveReference(file, callee);
      return !!r && 'node' in r && functionOf(r.node) === fn;
    });
  };

  const inherits = (cls: ts.Node | undefined, base: ts.ClassLikeDeclaration): boolean => {
    for (let c = cls && ts.isClassLike(cls) ? cls : undefined, seen = 0; c && seen < MAX_DEPTH; c = baseClassOf(c, symbols), seen++) if (c === base) return true;
    return false;
  };

  // Every call in the tree by the name it calls (`f(…)`, `x.f(…)`), indexed once on first need.
  const calls = (name: string): CallSite[] => {
    if (!callsByName) {
      const index = new Map<string, CallSite[]>();
      for (const file of symbols.files.values()) {
        const visit = (n: ts.Node) => {
          if (ts.isCallExpression(n) && n.arguments.length) {
            const callee = unwrap(n.expression);
            const called = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
            if (called) index.get(called)?.push({ file, call: n }) ?? index.set(called, [{ file, call: n }]);
          }
          ts.forEachChild(n, visit);
        };
        visit(file.sf);
      }
      callsByName = index;
    }
    return callsByName.get(name) ?? [];
  };

  return (file, expr) => instanceOf(file, expr);
}

// One model when every value names the same one; none when any is unknown or they differ.
function agreed(models: (OrmModel | undefined)[]): OrmModel | undefined {
  const first = models[0];
  return first && models.every((m) => m?.node === first.node) ? first : undefined;
}

// The values a function body returns (not those of functions nested in it).
function returnsOf(body: ts.Node): ts.Expression[] {
  const out: ts.Expression[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isReturnStatement(n) && n.expression) out.push(n.expression);
    if (!ts.isFunctionLike(n)) ts.forEachChild(n, visit);
  };
  ts.forEachChild(body, visit);
  return out;
}

function bindingKey(el: ts.BindingElement): string | undefined {
  if (el.propertyName) return propertyNameText(el.propertyName);
  return ts.isIdentifier(el.name) && ts.isObjectBindingPattern(el.parent) ? el.name.text : undefined;
}

// `page` in `f({ tags, page })` or `f({ page: p })`.
function propertyOf(arg: ts.Expression, key: string): ts.Expression | undefined {
  const o = unwrap(arg);
  if (!ts.isObjectLiteralExpression(o)) return undefined;
  const p = o.properties.find((x) => x.name && propertyNameText(x.name) === key);
  if (p && ts.isShorthandPropertyAssignment(p)) return p.name;
  return p && ts.isPropertyAssignment(p) ? p.initializer : undefined;
}

// The name callers use: `function f`, `static f() {}`, `const f = () => …`, `exports.f = …`.
function functionName(fn: ts.SignatureDeclaration): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) && fn.name) return propertyNameText(fn.name);
  const p = fn.parent;
  if (p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
  if (p && ts.isPropertyAssignment(p)) return propertyNameText(p.name);
  if (p && ts.isBinaryExpression(p) && ts.isPropertyAccessExpression(p.left)) return p.left.name.text;
  return undefined;
}

// The receiver of the `query()` call a chain starts with: `Group` in `Group.query().where().findById(1)`.
export function queryReceiver(call: ts.CallExpression): ts.Expression | undefined {
  for (let e: ts.Expression = call; ts.isCallExpression(e) && ts.isPropertyAccessExpression(unwrap(e.expression)); ) {
    const callee = unwrap(e.expression) as ts.PropertyAccessExpression;
    if (callee.name.text === 'query' && e.arguments.length === 0) return callee.expression;
    e = unwrap(callee.expression);
  }
  return undefined;
}

// The class whose instance `this` is: a non-static method, getter or constructor of it (arrow functions keep `this`).
function enclosingInstanceClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (ts.isMethodDeclaration(n) || ts.isGetAccessorDeclaration(n) || ts.isSetAccessorDeclaration(n) || ts.isConstructorDeclaration(n)) {
      return !isStatic(n) && ts.isClassLike(n.parent) ? n.parent : undefined;
    }
    if (ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n)) return undefined;
  }
  return undefined;
}

// Cross-file symbol resolution without a type checker: follows local scopes, imports, re-exports
// and CommonJS exports to a declaration, and evaluates expressions that are constant strings
// (literals, constants, maps of constants, enums, templates, `+`), so that `db(T.ORDERS)` is known.
import ts from './typescript.cjs';
import { propertyNameText, unwrap, type FileIndex, type ImportBinding } from './index-file.js';

/** Where a name leads: a declaration or expression in some file, or a whole module (`import * as`). */
export type Resolved = { file: FileIndex; node: ts.Node } | { file: FileIndex; module: true };

/** A compile-time value: a string, or something whose properties can be looked up. */
export type Value = string | { kind: 'object'; file: FileIndex; node: ts.Node } | { kind: 'module'; file: FileIndex } | undefined;

export interface Symbols {
  files: ReadonlyMap<string, FileIndex>;
  fileOf(node: ts.Node): FileIndex | undefined;
  resolveName(file: FileIndex, name: string, from: ts.Node): Resolved | undefined;
  resolveImport(binding: ImportBinding): Resolved | undefined;
  /** Resolves an expression that names something (identifier, `ns.x`, `require('./x')`) to where it is declared. */
  resolveReference(file: FileIndex, expr: ts.Expression): Resolved | undefined;
  evaluate(file: FileIndex, expr: ts.Node): Value;
  evaluateString(file: FileIndex, expr: ts.Node): string | undefined;
  /** A constant string or an array literal of them (`'/a'`, `['/a', '/b']`); undefined when any part is not constant. */
  evaluateStrings(file: FileIndex, expr: ts.Expression | undefined): string[] | undefined;
  /**
   * Every value of an expression over a loop variable that walks a constant list: `task.table` in
   * `for (const task of TASKS)` or `TASKS.forEach((task) => …)`; undefined when any is not constant.
   */
  evaluateChoices(file: FileIndex, expr: ts.Expression): string[] | undefined;
}

const MAX_DEPTH = 24;

export function createSymbols(files: ReadonlyMap<string, FileIndex>): Symbols {
  const scopeCache = new WeakMap<ts.Node, Map<string, ts.Node>>();
  const bySourceFile = new Map<ts.SourceFile, FileIndex>();
  for (const f of files.values()) bySourceFile.set(f.sf, f);

  const fileOf = (node: ts.Node) => bySourceFile.get(node.getSourceFile());

  const scopeNames = (block: ts.Node): Map<string, ts.Node> => {
    let names = scopeCache.get(block);
    if (names) return names;
    names = new Map();
    const statements = ts.isSourceFile(block) || ts.isBlock(block) || ts.isModuleBlock(block) || ts.isCaseClause(block) || ts.isDefaultClause(block) ? block.statements : undefined;
    for (const stmt of statements ?? []) {
      if (ts.isVariableStatement(stmt)) {
        for (const decl of stmt.declarationList.declarations) addBindingNames(decl.name, decl, names);
      } else if ((ts.isFunctionDeclaration(stmt) || ts.isClassDeclaration(stmt) || ts.isEnumDeclaration(stmt)) && stmt.name) {
        names.set(stmt.name.text, stmt);
      }
    }
    if (ts.isFunctionLike(block)) for (const p of block.parameters) addBindingNames(p.name, p, names);
    if (ts.isForOfStatement(block) || ts.isForInStatement(block) || ts.isForStatement(block)) {
      const init = block.initializer;
      if (init && ts.isVariableDeclarationList(init)) for (const d of init.declarations) addBindingNames(d.name, d, names);
    }
    if (ts.isCatchClause(block) && block.variableDeclaration) addBindingNames(block.variableDeclaration.name, block.variableDeclaration, names);
    scopeCache.set(block, names);
    return names;
  };

  const resolveExport = (file: FileIndex, name: string, depth: number): Resolved | undefined => {
    if (depth > MAX_DEPTH) return undefined;
    const exp = file.exports.get(name);
    if (exp?.kind === 'local') return resolveTop(file, exp.local, depth + 1);
    if (exp?.kind === 'expr') return { file, node: exp.expr };
    if (exp?.kind === 'from') return resolveBinding(exp.binding, depth + 1);
    if (name === 'default') return undefined;
    for (const star of file.starExports) {
      const target = star.target ? files.get(star.target) : undefined;
      const found = target && resolveExport(target, name, depth + 1);
      if (found) return found;
    }
    return undefined;
  };

  const resolveBinding = (binding: ImportBinding, depth: number): Resolved | undefined => {
    const target = binding.target ? files.get(binding.target) : undefined;
    if (!target) return undefined;
    if (binding.name === '*') return { file: target, module: true };
    // `import x from './cjs'` of a module without a default export means the whole module.
    if (binding.name === 'default' && !target.exports.has('default')) return { file: target, module: true };
    return resolveExport(target, binding.name, depth);
  };

  const resolveTop = (file: FileIndex, name: string, depth: number): Resolved | undefined => {
    const decl = file.declarations.get(name);
    if (decl) return { file, node: decl };
    const imp = file.imports.get(name);
    return imp ? resolveBinding(imp, depth) : undefined;
  };

  const resolveName = (file: FileIndex, name: string, from: ts.Node): Resolved | undefined => {
    for (let n: ts.Node | undefined = from.parent; n && !ts.isSourceFile(n); n = n.parent) {
      const decl = scopeNames(n).get(name);
      if (decl) return { file, node: decl };
    }
    return resolveTop(file, name, 0);
  };

  const resolveReference = (file: FileIndex, expr: ts.Expression): Resolved | undefined => {
    const e = unwrap(expr);
    if (ts.isIdentifier(e)) return follow(resolveName(file, e.text, e), 0);
    if (ts.isPropertyAccessExpression(e)) {
      const base = resolveReference(file, e.expression);
      if (base && 'module' in base) return follow(resolveExport(base.file, e.name.text, 0), 0);
      const obj = base && 'node' in base ? objectNode(base.node) : undefined;
      const prop = obj && findProperty(obj, e.name.text);
      return prop && 'node' in prop ? { file: base!.file, node: prop.node } : undefined;
    }
    const req = ts.isCallExpression(e) ? requireSpecifier(e) : undefined;
    if (req !== undefined) {
      const target = file.specifiers.find((s) => s.specifier === req)?.target;
      const t = target ? files.get(target) : undefined;
      if (!t) return undefined;
      return t.exports.has('default') ? follow(resolveExport(t, 'default', 0), 0) : { file: t, module: true };
    }
    return undefined;
  };

  // A variable initialised from another name (`const r = ordersRouter`) leads on to that name.
  const follow = (r: Resolved | undefined, depth: number): Resolved | undefined => {
    if (!r || 'module' in r || depth > MAX_DEPTH) return r;
    const init = ts.isVariableDeclaration(r.node) && r.node.initializer ? unwrap(r.node.initializer) : ts.isExpression(r.node) ? unwrap(r.node) : undefined;
    if (init && (ts.isIdentifier(init) || ts.isPropertyAccessExpression(init) || requireSpecifier(init) !== undefined)) {
      const next = resolveReference(r.file, init);
      return next ? follow(next, depth + 1) : r;
    }
    return r;
  };

  const evaluate = (file: FileIndex, node: ts.Node, depth = 0): Value => {
    if (depth > MAX_DEPTH) return undefined;
    if (ts.isVariableDeclaration(node)) return node.initializer ? evaluate(file, node.initializer, depth + 1) : undefined;
    if (ts.isBindingElement(node)) return evaluateBindingElement(file, node, depth);
    if (ts.isEnumDeclaration(node) || ts.isClassDeclaration(node) || ts.isClassExpression(node)) return { kind: 'object', file, node };
    if (ts.isEnumMember(node) || ts.isPropertyAssignment(node) || ts.isPropertyDeclaration(node)) return node.initializer ? evaluate(file, node.initializer, depth + 1) : undefined;
    if (ts.isShorthandPropertyAssignment(node)) return evaluate(file, node.name, depth + 1);
    if (ts.isGetAccessorDeclaration(node)) return evaluateGetter(file, node, depth);
    if (!ts.isExpression(node)) return undefined;
    const e = unwrap(node);
    if (ts.isStringLiteralLike(e)) return e.text;
    if (ts.isTemplateExpression(e)) {
      let out = e.head.text;
      for (const span of e.templateSpans) {
        const part = evaluate(file, span.expression, depth + 1);
        if (typeof part !== 'string') return undefined;
        out += part + span.literal.text;
      }
      return out;
    }
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      const l = evaluate(file, e.left, depth + 1);
      const r = typeof l === 'string' ? evaluate(file, e.right, depth + 1) : undefined;
      return typeof r === 'string' ? l! + r : undefined;
    }
    if (ts.isObjectLiteralExpression(e)) return { kind: 'object', file, node: e };
    if (ts.isIdentifier(e)) {
      const r = resolveName(file, e.text, e);
      if (!r) return undefined;
      return 'module' in r ? { kind: 'module', file: r.file } : evaluate(r.file, r.node, depth + 1);
    }
    if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
      const key = ts.isPropertyAccessExpression(e) ? e.name.text : evaluate(file, e.argumentExpression, depth + 1);
      if (typeof key !== 'string') return undefined;
      return property(evaluate(file, e.expression, depth + 1), key, depth);
    }
    if (ts.isCallExpression(e)) {
      // Object.freeze({...}) and friends keep the map they are given.
      if (ts.isPropertyAccessExpression(e.expression) && ts.isIdentifier(e.expression.expression) && e.expression.expression.text === 'Object' && e.expression.name.text === 'freeze' && e.arguments[0]) {
        return evaluate(file, e.arguments[0], depth + 1);
      }
      const req = requireSpecifier(e);
      if (req !== undefined) {
        const r = resolveReference(file, e);
        return r ? ('module' in r ? { kind: 'module', file: r.file } : evaluate(r.file, r.node, depth + 1)) : undefined;
      }
    }
    return undefined;
  };

  const property = (obj: Value, key: string, depth: number): Value => {
    if (!obj || typeof obj === 'string') return undefined;
    if (obj.kind === 'module') {
      const r = resolveExport(obj.file, key, 0);
      if (r) return 'module' in r ? { kind: 'module', file: r.file } : evaluate(r.file, r.node, depth + 1);
      const def = resolveExport(obj.file, 'default', 0); // CommonJS: module.exports = { ... }
      return def && 'node' in def ? property(evaluate(def.file, def.node, depth + 1), key, depth + 1) : undefined;
    }
    const found = findProperty(obj.node, key, (spread) => property(evaluate(obj.file, spread, depth + 1), key, depth + 1));
    if (!found) return undefined;
    return 'value' in found ? found.value : evaluate(obj.file, found.node, depth + 1);
  };

  const evaluateBindingElement = (file: FileIndex, el: ts.BindingElement, depth: number): Value => {
    const pattern = el.parent;
    const decl = pattern.parent;
    if (!ts.isObjectBindingPattern(pattern) || !ts.isVariableDeclaration(decl) || !decl.initializer) return undefined;
    const key = el.propertyName ? propertyNameText(el.propertyName) : ts.isIdentifier(el.name) ? el.name.text : undefined;
    return key ? property(evaluate(file, decl.initializer, depth + 1), key, depth) : undefined;
  };

  const evaluateGetter = (file: FileIndex, getter: ts.GetAccessorDeclaration, depth: number): Value => {
    const ret = getter.body?.statements.find(ts.isReturnStatement);
    return ret?.expression ? evaluate(file, ret.expression, depth + 1) : undefined;
  };

  const evaluateString = (file: FileIndex, expr: ts.Node) => {
    const v = evaluate(file, expr);
    return typeof v === 'string' ? v : undefined;
  };

  // The constant array a loop variable walks, and the keys leading from an element to the variable.
  const iteratedList = (file: FileIndex, decl: ts.Node, keys: string[]): { file: FileIndex; list: ts.ArrayLiteralExpression } | undefined => {
    let iterated: ts.Expression | undefined;
    if (ts.isBindingElement(decl) && ts.isObjectBindingPattern(decl.parent)) {
      const key = decl.propertyName ? propertyNameText(decl.propertyName) : ts.isIdentifier(decl.name) ? decl.name.text : undefined;
      if (!key) return undefined;
      keys.unshift(key);
      return iteratedList(file, decl.parent.parent, keys);
    }
    if (ts.isVariableDeclaration(decl) && ts.isVariableDeclarationList(decl.parent) && ts.isForOfStatement(decl.parent.parent)) iterated = decl.parent.parent.expression;
    if (ts.isParameter(decl) && decl.parent.parameters[0] === decl) {
      const call = decl.parent.parent;
      const callee = call && ts.isCallExpression(call) ? unwrap(call.expression) : undefined;
      if (callee && ts.isPropertyAccessExpression(callee) && /^(forEach|map|flatMap|filter|some|every)$/.test(callee.name.text)) iterated = callee.expression;
    }
    let list = iterated && unwrap(iterated);
    for (let depth = 0; list && ts.isIdentifier(list) && depth < MAX_DEPTH; depth++) {
      const r = resolveName(file, list.text, list);
      if (!r || !('node' in r) || !ts.isVariableDeclaration(r.node) || !r.node.initializer) return undefined;
      file = r.file;
      list = unwrap(r.node.initializer);
    }
    return list && ts.isArrayLiteralExpression(list) ? { file, list } : undefined;
  };

  const evaluateChoices = (file: FileIndex, expr: ts.Expression): string[] | undefined => {
    const keys: string[] = [];
    let e = unwrap(expr);
    while (ts.isPropertyAccessExpression(e)) {
      keys.unshift(e.name.text);
      e = unwrap(e.expression);
    }
    const r = ts.isIdentifier(e) ? resolveName(file, e.text, e) : undefined;
    const found = r && 'node' in r ? iteratedList(r.file, r.node, keys) : undefined;
    if (!found || found.list.elements.length === 0) return undefined;
    const out: string[] = [];
    for (const el of found.list.elements) {
      let v = evaluate(found.file, el);
      for (const k of keys) v = property(v, k, 0);
      if (typeof v !== 'string') return undefined;
      out.push(v);
    }
    return out;
  };

  return {
    files,
    fileOf,
    evaluateChoices,
    resolveName,
    resolveImport: (b) => resolveBinding(b, 0),
    resolveReference,
    evaluate,
    evaluateString,
    evaluateStrings: (file, expr) => {
      if (!expr) return undefined;
      const e = unwrap(expr);
      const all = ts.isArrayLiteralExpression(e) ? e.elements.map((el) => evaluateString(file, el)) : [evaluateString(file, e)];
      return all.every((p): p is string => p !== undefined) ? all : undefined;
    },
  };
}

/** The object-like node behind a declaration (`const T = {...}`, enum, class), if any. */
function objectNode(node: ts.Node): ts.Node | undefined {
  if (ts.isVariableDeclaration(node) && node.initializer) {
    const init = unwrap(node.initializer);
    return ts.isObjectLiteralExpression(init) ? init : undefined;
  }
  return ts.isObjectLiteralExpression(node) || ts.isEnumDeclaration(node) || ts.isClassDeclaration(node) ? node : undefined;
}

/** Finds a member by name in an object literal, enum or class (static members only). */
function findProperty(node: ts.Node, key: string, viaSpread?: (spread: ts.Expression) => Value): { node: ts.Node } | { value: Value } | undefined {
  let member: ts.Node | undefined;
  if (ts.isObjectLiteralExpression(node)) {
    for (let i = node.properties.length - 1; i >= 0 && !member; i--) {
      const p = node.properties[i];
      if (ts.isSpreadAssignment(p)) {
        const value = viaSpread?.(p.expression);
        if (value !== undefined) return { value };
      } else if (p.name && propertyNameText(p.name) === key) member = p;
    }
  } else if (ts.isEnumDeclaration(node)) {
    member = node.members.find((m) => propertyNameText(m.name) === key);
  } else if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) {
    member = node.members.find(
      (m) => (ts.isPropertyDeclaration(m) || ts.isGetAccessorDeclaration(m)) && m.name && propertyNameText(m.name) === key && m.modifiers?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword),
    );
  }
  return member ? { node: member } : undefined;
}

function addBindingNames(name: ts.BindingName, decl: ts.Node, names: Map<string, ts.Node>): void {
  if (ts.isIdentifier(name)) names.set(name.text, decl);
  else for (const el of name.elements) if (!ts.isOmittedExpression(el)) addBindingNames(el.name, ts.isIdentifier(el.name) ? el : decl, names);
}

function requireSpecifier(node: ts.Node): string | undefined {
  return ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require' && node.arguments.length === 1 && ts.isStringLiteralLike(node.arguments[0])
    ? node.arguments[0].text
    : undefined;
}

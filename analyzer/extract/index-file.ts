// One pass over a parsed file's top level: what it declares, imports (ESM and CommonJS) and exports.
// This is the raw material for ficus's own cross-file symbol resolution (no type checker).
import ts from './typescript.cjs';
import type { ResolveImport } from './resolve-import.js';

export interface ImportBinding {
  specifier: string;
  name: string; // exported name in the target, 'default', or '*' for the whole module
  target: string | undefined; // absolute path of the resolved source file
}

export type ExportBinding =
  | { kind: 'local'; local: string }
  | { kind: 'expr'; expr: ts.Node }
  | { kind: 'from'; binding: ImportBinding };

export interface FileIndex {
  rel: string;
  abs: string;
  sf: ts.SourceFile;
  declarations: Map<string, ts.Node>; // top-level name → VariableDeclaration | Function | Class | Enum
  imports: Map<string, ImportBinding>; // local name → what it imports
  typeImports: Map<string, ImportBinding>; // `import type { Knex } from 'knex'`: read for type annotations
  exports: Map<string, ExportBinding>;
  starExports: ImportBinding[];
  specifiers: { specifier: string; line: number; target: string | undefined }[];
}

/** Indexes one parsed file; `resolveImport` maps specifiers to absolute source paths. */
export function indexFile(rel: string, abs: string, sf: ts.SourceFile, resolveImport: ResolveImport): FileIndex {
  const index: FileIndex = { rel, abs, sf, declarations: new Map(), imports: new Map(), typeImports: new Map(), exports: new Map(), starExports: [], specifiers: [] };
  const bind = (specifier: string, name: string, node: ts.Node): ImportBinding => {
    const target = resolveImport(specifier, abs);
    if (!index.specifiers.some((s) => s.specifier === specifier)) index.specifiers.push({ specifier, line: lineOf(sf, node), target });
    return { specifier, name, target };
  };

  for (const stmt of sf.statements) {
    if (ts.isImportDeclaration(stmt) && ts.isStringLiteral(stmt.moduleSpecifier)) {
      const spec = stmt.moduleSpecifier.text;
      const clause = stmt.importClause;
      const binding = bind(spec, '*', stmt);
      if (!clause) continue;
      const into = clause.isTypeOnly ? index.typeImports : index.imports;
      if (clause.name) into.set(clause.name.text, { ...binding, name: 'default' });
      const named = clause.namedBindings;
      if (named && ts.isNamespaceImport(named)) into.set(named.name.text, binding);
      if (named && ts.isNamedImports(named)) {
        for (const el of named.elements) (el.isTypeOnly ? index.typeImports : into).set(el.name.text, { ...binding, name: (el.propertyName ?? el.name).text });
      }
    } else if (ts.isImportEqualsDeclaration(stmt) && ts.isExternalModuleReference(stmt.moduleReference)) {
      const ref = stmt.moduleReference.expression;
      if (ts.isStringLiteral(ref)) index.imports.set(stmt.name.text, bind(ref.text, 'default', stmt));
    } else if (ts.isExportDeclaration(stmt)) {
      if (stmt.isTypeOnly) continue;
      const spec = stmt.moduleSpecifier && ts.isStringLiteral(stmt.moduleSpecifier) ? stmt.moduleSpecifier.text : undefined;
      const from = spec === undefined ? undefined : bind(spec, '*', stmt);
      const clause = stmt.exportClause;
      if (!clause && from) index.starExports.push(from);
      else if (clause && ts.isNamespaceExport(clause) && from) index.exports.set(clause.name.text, { kind: 'from', binding: from });
      else if (clause && ts.isNamedExports(clause)) {
        for (const el of clause.elements) {
          const local = (el.propertyName ?? el.name).text;
          index.exports.set(el.name.text, from ? { kind: 'from', binding: { ...from, name: local } } : { kind: 'local', local });
        }
      }
    } else if (ts.isExportAssignment(stmt)) {
      index.exports.set('default', ts.isIdentifier(stmt.expression) ? { kind: 'local', local: stmt.expression.text } : { kind: 'expr', expr: stmt.expression });
    } else if (ts.isVariableStatement(stmt)) {
      const exported = hasExportModifier(stmt);
      for (const decl of stmt.declarationList.declarations) indexVariable(index, decl, exported, bind);
    } else if (ts.isFunctionDeclaration(stmt) || ts.isClassDeclaration(stmt) || ts.isEnumDeclaration(stmt)) {
      const name = stmt.name?.text;
      if (name) index.declarations.set(name, stmt);
      if (hasExportModifier(stmt)) {
        const isDefault = stmt.modifiers?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
        index.exports.set(isDefault ? 'default' : name ?? 'default', name ? { kind: 'local', local: name } : { kind: 'expr', expr: stmt });
      }
    } else if (ts.isExpressionStatement(stmt)) {
      indexCommonJsExport(index, stmt.expression);
      // `module.exports = require('./routes')`: the specifier must resolve for the export to be followed
      const required = ts.isBinaryExpression(stmt.expression) ? requireTarget(unwrap(stmt.expression.right)) : undefined;
      if (required) bind(required.specifier, required.member ?? 'default', stmt);
    }
  }
  return index;
}

function indexVariable(index: FileIndex, decl: ts.VariableDeclaration, exported: boolean, bind: (s: string, n: string, node: ts.Node) => ImportBinding): void {
  const init = decl.initializer && unwrap(decl.initializer);
  const required = init && requireTarget(init);
  if (ts.isIdentifier(decl.name)) {
    const name = decl.name.text;
    // require() yields module.exports: the default export, or the whole module when there is none.
    if (required) index.imports.set(name, bind(required.specifier, required.member ?? 'default', decl));
    else index.declarations.set(name, decl);
    if (exported) index.exports.set(name, { kind: 'local', local: name });
  } else if (ts.isObjectBindingPattern(decl.name)) {
    for (const el of decl.name.elements) {
      if (!ts.isIdentifier(el.name)) continue;
      const key = el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : el.name.text;
      if (required && !required.member) index.imports.set(el.name.text, bind(required.specifier, key, decl));
      else index.declarations.set(el.name.text, el); // `const { ORDERS } = T`: evaluated lazily
      if (exported) index.exports.set(el.name.text, { kind: 'local', local: el.name.text });
    }
  }
}

// module.exports = x · module.exports.a = x · exports.a = x
function indexCommonJsExport(index: FileIndex, expr: ts.Expression): void {
  if (!ts.isBinaryExpression(expr) || expr.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
  const left = expr.left;
  const right = unwrap(expr.right);
  const target = ts.isIdentifier(right) ? ({ kind: 'local', local: right.text } as const) : ({ kind: 'expr', expr: right } as const);
  if (isModuleExports(left)) {
    index.exports.set('default', target);
    if (ts.isObjectLiteralExpression(right)) {
      for (const prop of right.properties) {
        if (ts.isShorthandPropertyAssignment(prop)) index.exports.set(prop.name.text, { kind: 'local', local: prop.name.text });
        else if (ts.isPropertyAssignment(prop) && propertyNameText(prop.name)) {
          const value = unwrap(prop.initializer);
          index.exports.set(propertyNameText(prop.name)!, ts.isIdentifier(value) ? { kind: 'local', local: value.text } : { kind: 'expr', expr: value });
        }
      }
    }
  } else if (ts.isPropertyAccessExpression(left) && (isModuleExports(left.expression) || (ts.isIdentifier(left.expression) && left.expression.text === 'exports'))) {
    index.exports.set(left.name.text, target);
  }
}

function isModuleExports(node: ts.Node): boolean {
  return ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'module' && node.name.text === 'exports';
}

/** `require('./x')` → { specifier }, `require('./x').y` → { specifier, member: 'y' }. */
export function requireTarget(node: ts.Node): { specifier: string; member?: string } | undefined {
  if (ts.isPropertyAccessExpression(node)) {
    const inner = requireTarget(node.expression);
    return inner && !inner.member ? { ...inner, member: node.name.text } : undefined;
  }
  if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require' && node.arguments.length === 1) {
    const arg = node.arguments[0];
    if (ts.isStringLiteralLike(arg)) return { specifier: arg.text };
  }
  return undefined;
}

/** Strips parentheses, `as`, `satisfies`, `!` and `<T>` casts. */
export function unwrap(node: ts.Expression): ts.Expression {
  let n = node;
  while (ts.isParenthesizedExpression(n) || ts.isAsExpression(n) || ts.isSatisfiesExpression(n) || ts.isNonNullExpression(n) || ts.isTypeAssertionExpression(n)) n = n.expression;
  return n;
}

/** The function a declaration is, or holds (`const f = () => ...`); undefined for anything else. */
export function functionOf(node: ts.Node): ts.FunctionLikeDeclaration | undefined {
  if (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node)) return node;
  if (ts.isVariableDeclaration(node) && node.initializer) {
    const init = unwrap(node.initializer);
    if (ts.isFunctionExpression(init) || ts.isArrowFunction(init)) return init;
  }
  return undefined;
}

export function propertyNameText(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isComputedPropertyName(name) && ts.isStringLiteralLike(name.expression)) return name.expression.text;
  return undefined;
}

export function lineOf(sf: ts.SourceFile, node: ts.Node): number {
  return sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
}

function hasExportModifier(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false);
}

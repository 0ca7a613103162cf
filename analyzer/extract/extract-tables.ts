// Table access from code, with syntax and ficus's own symbol resolution (no type checker): knex
// builder chains, raw SQL handed to knex or to a query function, the team's declared helpers,
// base repositories taking the table in `super(...)` and ORM `tableName` declarations.
import { ts } from 'ts-morph';
import type { SqlHelperConfig, TableHelperConfig } from '../config.js';
import type { Diagnostic, TableAccessSite } from '../types.js';
import { lineOf, propertyNameText, unwrap, type FileIndex } from './index-file.js';
import {
  calleeName,
  chainAccess,
  chainCteNames,
  chainMethods,
  chainRoot,
  hasBuilderMethod,
  isKnexName,
  JOIN_METHODS,
  methodName,
  TABLE_METHODS,
} from './knex-chain.js';
import { enclosingStaticMethod, type StaticQueryMethod } from './active-record.js';
import { DYNAMIC_PLACEHOLDER, isDynamicPlaceholder, looksLikeSql, readSqlTables } from './read-sql.js';
import type { Symbols } from './symbols.js';
import { parseTableName } from './table-name.js';

export interface TableHelpers {
  tables: readonly TableHelperConfig[];
  sql: readonly SqlHelperConfig[];
}

/** A class whose table is a constructor argument (`class Repo { constructor(table) { this.table = table } }`). */
export interface TableParameterClass {
  node: ts.ClassLikeDeclaration;
  paramIndex: number;
  read: boolean;
  write: boolean;
}

export interface FileTableFindings {
  accesses: TableAccessSite[];
  diagnostics: Diagnostic[];
  tableParameterClasses: TableParameterClass[];
  staticQueryMethods: StaticQueryMethod[]; // active-record bases: `static query() { return db(this.tableName) }`
  // `super(...)` and `new X(...)` calls, resolved once every base class is known.
  constructions: { call: ts.CallExpression | ts.NewExpression | ts.SuperCall; file: FileIndex }[];
}

const QUERY_METHODS = new Set(['query', 'execute', 'raw', 'none', 'one', 'oneOrNone', 'many', 'manyOrNone', 'any', 'result', 'prepare', 'exec', 'all', 'get', 'run', '$queryRawUnsafe', '$executeRawUnsafe', 'unsafe']);
const SQL_TAGS = /^(sql|SQL|raw|\$queryRaw|\$executeRaw|query)$/;
// Knex `*Raw` methods take a fragment; wrapping it makes it a statement the parser accepts.
const FRAGMENT_WRAPPERS: Record<string, (s: string) => string> = {
  joinRaw: (s) => `SELECT * FROM __ficus_base ${s}`,
  fromRaw: (s) => `SELECT * FROM ${s}`,
};
const whereWrapper = (s: string) => `SELECT * FROM __ficus_base WHERE ${s}`;

type Kind = { read: boolean; write: boolean };

/** Finds every table access in one file; base-repository constructions are resolved later. */
export function extractFileTables(file: FileIndex, symbols: Symbols, helpers: TableHelpers): FileTableFindings {
  const out: FileTableFindings = { accesses: [], diagnostics: [], tableParameterClasses: [], staticQueryMethods: [], constructions: [] };
  const sf = file.sf;
  const add = (table: string, kind: Kind, node: ts.Node) => out.accesses.push({ table, read: kind.read, write: kind.write, file: file.rel, line: lineOf(sf, node) });
  const dynamic = (node: ts.Node, what: string) =>
    out.diagnostics.push({ file: file.rel, line: lineOf(sf, node), code: 'DYNAMIC_TABLE', message: `${what} \`${snippet(node, sf)}\` is not a constant; its table is unknown` });
  const classFields = new Map<ts.ClassLikeDeclaration, Kind & { paramIndex: number }>();

  // A table argument: a name, an alias map, or something else (subquery, callback) that is not ours to read.
  const tableArgument = (expr: ts.Expression, kind: Kind, site: ts.Node, ctes: ReadonlySet<string> = new Set()) => {
    const e = unwrap(expr);
    if (ts.isFunctionLike(e) || ts.isCallExpression(e) || ts.isArrayLiteralExpression(e)) return;
    if (ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword) {
      const field = resolveThisField(e, symbols, file);
      if (typeof field === 'string') return addName(field, kind, site, ctes);
      if (field) {
        const prev = classFields.get(field.cls);
        classFields.set(field.cls, { paramIndex: field.paramIndex, read: kind.read || !!prev?.read, write: kind.write || !!prev?.write });
        return;
      }
      const inStatic = enclosingStaticMethod(e);
      if (inStatic) return void out.staticQueryMethods.push({ ...inStatic, field: e.name.text });
      return dynamic(e, 'table');
    }
    if (isQueryValue(file, e, symbols)) return; // a subquery held in a variable: its own call was read where it was built
    const value = symbols.evaluate(file, e);
    if (typeof value === 'string') return addName(value, kind, site, ctes);
    if (value && typeof value === 'object' && value.kind === 'object' && ts.isObjectLiteralExpression(value.node)) {
      for (const prop of value.node.properties) {
        const v = ts.isPropertyAssignment(prop) || ts.isShorthandPropertyAssignment(prop) ? symbols.evaluate(value.file, prop) : undefined;
        if (typeof v === 'string') addName(v, kind, site, ctes);
      }
      return;
    }
    dynamic(e, 'table');
  };
  const addName = (text: string, kind: Kind, site: ts.Node, ctes: ReadonlySet<string>) => {
    const name = parseTableName(text);
    if (!name) return dynamic(site, 'table');
    if (!ctes.has(name)) add(name, kind, site);
  };

  const sqlArgument = (expr: ts.Expression, site: ts.Node, wrap?: (s: string) => string, requireSql = false): void => {
    const e = unwrap(expr);
    // { text: 'SELECT …', values } as pg accepts
    if (ts.isObjectLiteralExpression(e)) {
      const text = e.properties.find((p) => ts.isPropertyAssignment(p) && ['text', 'sql'].includes(propertyNameText(p.name) ?? '')) as ts.PropertyAssignment | undefined;
      return text ? sqlArgument(text.initializer, site, wrap, requireSql) : undefined;
    }
    const sql = sqlText(e, file, symbols);
    if (sql === undefined) {
      if (!requireSql) out.diagnostics.push({ file: file.rel, line: lineOf(sf, e), code: 'DYNAMIC_TABLE', message: `SQL \`${snippet(e, sf)}\` is not a constant; its tables are unknown` });
      return;
    }
    if (requireSql && !looksLikeSql(sql)) return;
    if (!wrap && !looksLikeSql(sql)) return; // db.raw('now()'), db.raw('count(*) as n')
    const result = readSqlTables(wrap ? wrap(sql) : sql);
    if (!result.parsed) out.diagnostics.push({ file: file.rel, line: lineOf(sf, e), code: 'SQL_PARSE_FALLBACK', message: 'the SQL parser rejected this statement; tables were found by scanning it' });
    for (const t of result.tables) {
      if (t.table === '__ficus_base') continue;
      if (isDynamicPlaceholder(t.table)) dynamic(e, 'table in SQL');
      else add(t.table, t, site);
    }
  };

  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) visitCall(node);
    else if (ts.isTaggedTemplateExpression(node)) {
      const tag = calleeName(node.tag)?.split('.').pop();
      if (tag && SQL_TAGS.test(tag)) sqlArgument(node.template, node, undefined, true);
    } else if (ts.isNewExpression(node)) out.constructions.push({ call: node, file });
    else if (ts.isClassLike(node)) visitClass(node);
    else if (ts.isPropertyAssignment(node) && propertyNameText(node.name) === 'tableName') {
      tableArgument(node.initializer, { read: true, write: false }, node); // Sequelize/Bookshelf model options
    }
    ts.forEachChild(node, visit);
  };

  const visitCall = (call: ts.CallExpression) => {
    if (call.expression.kind === ts.SyntaxKind.SuperKeyword) {
      out.constructions.push({ call, file });
      return;
    }
    const name = calleeName(call.expression);
    if (name) {
      const tableHelper = helpers.tables.find((h) => matchesCall(name, h.call));
      if (tableHelper && call.arguments[tableHelper.arg]) {
        return tableArgument(call.arguments[tableHelper.arg], { read: tableHelper.access !== 'write', write: tableHelper.access !== 'read' }, call);
      }
      const sqlHelper = helpers.sql.find((h) => matchesCall(name, h.call));
      if (sqlHelper && call.arguments[sqlHelper.arg]) return sqlArgument(call.arguments[sqlHelper.arg], call);
    }
    const method = methodName(call);
    const arg0 = call.arguments[0];
    if (!arg0) return;
    if (!method) {
      // db('orders'), trx('orders'), this.db('orders')
      const methods = chainMethods(call);
      // knex({ client: 'pg' }) configures knex; db({ o: 'orders' }) is an aliased table only in a query chain.
      const isConfig = ts.isObjectLiteralExpression(unwrap(arg0)) && methods.length === 0;
      if (call.arguments.length === 1 && !isConfig && !isOwnFunction(file, call.expression, symbols) && (isKnexName(call.expression) || hasBuilderMethod(methods))) {
        tableArgument(arg0, chainAccess(methods), call, chainCteNames(call, (e) => symbols.evaluateString(file, e)));
      }
      return;
    }
    const receiver = (unwrap(call.expression) as ts.PropertyAccessExpression).expression;
    if (method === 'raw' || method.endsWith('Raw')) {
      if (method === 'raw') return sqlArgument(arg0, call);
      return sqlArgument(arg0, call, FRAGMENT_WRAPPERS[method] ?? whereWrapper);
    }
    if (TABLE_METHODS.has(method) && method !== 'withSchema' && isQueryChain(call, receiver)) {
      const methods = chainMethods(call);
      tableArgument(arg0, chainAccess(methods), call, chainCteNames(call, (e) => symbols.evaluateString(file, e)));
      return;
    }
    if (JOIN_METHODS.has(method) && (call.arguments.length >= 2 || method === 'crossJoin') && isQueryChain(call, receiver)) {
      tableArgument(arg0, { read: true, write: false }, call, chainCteNames(call, (e) => symbols.evaluateString(file, e)));
      return;
    }
    if (QUERY_METHODS.has(method)) sqlArgument(arg0, call, undefined, true);
  };

  const visitClass = (cls: ts.ClassLikeDeclaration) => {
    for (const member of cls.members) {
      const isStatic = ts.canHaveModifiers(member) && ts.getModifiers(member)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
      if (!isStatic || !member.name || !['tableName', 'table'].includes(propertyNameText(member.name) ?? '')) continue;
      // Objection `static tableName = 'orders'` or `static get tableName() { return 'orders' }`
      if (ts.isPropertyDeclaration(member) && member.initializer) tableArgument(member.initializer, { read: true, write: false }, member);
      if (ts.isGetAccessorDeclaration(member)) {
        const ret = member.body?.statements.find(ts.isReturnStatement);
        if (ret?.expression) tableArgument(ret.expression, { read: true, write: false }, member);
      }
    }
  };

  visit(sf);
  for (const [node, k] of classFields) out.tableParameterClasses.push({ node, ...k });
  return out;
}

/**
 * Resolves `super('orders')` and `new Repo('orders')` against classes whose table is a constructor
 * argument, found in any file: the calling file reads/writes what the base class does with it.
 */
export function resolveConstructions(findings: readonly FileTableFindings[], symbols: Symbols): { accesses: TableAccessSite[]; diagnostics: Diagnostic[] } {
  const bases = new Map<ts.Node, TableParameterClass>();
  for (const f of findings) for (const c of f.tableParameterClasses) bases.set(c.node, c);
  const result = { accesses: [] as TableAccessSite[], diagnostics: [] as Diagnostic[] };
  if (bases.size === 0) return result;
  for (const f of findings) {
    for (const { call, file } of f.constructions) {
      const cls = ts.isNewExpression(call) ? call.expression : heritageOf(call);
      const target = cls && symbols.resolveReference(file, cls);
      const base = target && 'node' in target ? bases.get(target.node) : undefined;
      const arg = base && call.arguments?.[base.paramIndex];
      if (!base || !arg) continue;
      const line = lineOf(file.sf, call);
      const table = symbols.evaluateString(file, arg);
      const name = table === undefined ? undefined : parseTableName(table);
      if (name) result.accesses.push({ table: name, read: base.read, write: base.write, file: file.rel, line });
      else if (!(unwrap(arg).kind === ts.SyntaxKind.Identifier && isConstructorParameter(arg))) {
        result.diagnostics.push({ file: file.rel, line, code: 'DYNAMIC_TABLE', message: `table \`${snippet(arg, file.sf)}\` passed to a repository is not a constant; its table is unknown` });
      }
    }
  }
  return result;
}

// `this.table` inside a class: a constant field, or a constructor parameter (the class is a base repository).
function resolveThisField(expr: ts.PropertyAccessExpression, symbols: Symbols, file: FileIndex): string | { cls: ts.ClassLikeDeclaration; paramIndex: number } | undefined {
  let cls: ts.Node | undefined = expr.parent;
  while (cls && !ts.isClassLike(cls)) cls = cls.parent;
  if (!cls || !ts.isClassLike(cls)) return undefined;
  const field = expr.name.text;
  for (const member of cls.members) {
    if (ts.isPropertyDeclaration(member) && member.name && propertyNameText(member.name) === field && member.initializer) {
      return symbols.evaluateString(file, member.initializer);
    }
  }
  const ctor = cls.members.find(ts.isConstructorDeclaration);
  if (ctor) {
    const paramProp = ctor.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === field && ts.getModifiers(p)?.length);
    if (paramProp >= 0) return { cls, paramIndex: paramProp };
    let found: string | { cls: ts.ClassLikeDeclaration; paramIndex: number } | undefined;
    const visit = (n: ts.Node) => {
      if (found !== undefined) return;
      if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(n.left) && n.left.expression.kind === ts.SyntaxKind.ThisKeyword && n.left.name.text === field) {
        const right = unwrap(n.right);
        const index = ts.isIdentifier(right) ? ctor.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === right.text) : -1;
        found = index >= 0 ? { cls: cls as ts.ClassLikeDeclaration, paramIndex: index } : symbols.evaluateString(file, right);
      }
      ts.forEachChild(n, visit);
    };
    if (ctor.body) visit(ctor.body);
    if (found !== undefined) return found;
  }
  return undefined;
}

// `filteredOrders(filter).select()` calls the project's own function, not a knex instance.
function isOwnFunction(file: FileIndex, callee: ts.Expression, symbols: Symbols): boolean {
  const r = ts.isIdentifier(unwrap(callee)) ? symbols.resolveReference(file, callee) : undefined;
  const node = r && 'node' in r ? r.node : undefined;
  if (!node) return false;
  if (ts.isFunctionLike(node)) return true;
  const init = ts.isVariableDeclaration(node) && node.initializer ? unwrap(node.initializer) : undefined;
  return !!init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init));
}

// `const units = db('stock').sum(...).as('u')` then `.leftJoin(units, ...)`: a query, not a name.
function isQueryValue(file: FileIndex, expr: ts.Expression, symbols: Symbols): boolean {
  const r = ts.isIdentifier(expr) ? symbols.resolveName(file, expr.text, expr) : undefined;
  const init = r && 'node' in r && ts.isVariableDeclaration(r.node) && r.node.initializer ? unwrap(r.node.initializer) : undefined;
  const value = init && ts.isAwaitExpression(init) ? unwrap(init.expression) : init;
  return !!value && (ts.isCallExpression(value) || ts.isNewExpression(value)) && symbols.evaluate(file, value) === undefined;
}

function heritageOf(call: ts.CallExpression): ts.Expression | undefined {
  let cls: ts.Node | undefined = call.parent;
  while (cls && !ts.isClassLike(cls)) cls = cls.parent;
  const clause = cls && ts.isClassLike(cls) ? cls.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword) : undefined;
  return clause?.types[0]?.expression;
}

// A subclass passing its own constructor parameter on (`super(table)`) is itself a base: not dynamic.
function isConstructorParameter(arg: ts.Expression): boolean {
  let fn: ts.Node | undefined = arg.parent;
  while (fn && !ts.isFunctionLike(fn)) fn = fn.parent;
  return !!fn && ts.isConstructorDeclaration(fn) && fn.parameters.some((p) => ts.isIdentifier(p.name) && p.name.text === (unwrap(arg) as ts.Identifier).text);
}

function isQueryChain(call: ts.CallExpression, receiver: ts.Expression): boolean {
  const root = chainRoot(call);
  if (ts.isIdentifier(root) && /^(Array|Buffer|Object|Promise|Observable|Uint8Array|Set|Map)$/.test(root.text)) return false;
  return isKnexName(receiver) || isKnexName(root) || ts.isCallExpression(root) || hasBuilderMethod(chainMethods(call).filter((m) => m !== methodName(call)));
}

/** `this.R.find` matches `R.find`; `query` matches any `x.query`. */
function matchesCall(name: string, pattern: string): boolean {
  return name === pattern || name.endsWith(`.${pattern}`);
}

// A SQL string, with constant `${...}` parts filled in and the others as placeholders.
function sqlText(expr: ts.Expression, file: FileIndex, symbols: Symbols): string | undefined {
  const e = unwrap(expr);
  const direct = symbols.evaluateString(file, e);
  if (direct !== undefined) return direct;
  if (ts.isTemplateExpression(e)) {
    let out = e.head.text;
    e.templateSpans.forEach((span, i) => {
      out += (symbols.evaluateString(file, span.expression) ?? DYNAMIC_PLACEHOLDER(i)) + span.literal.text;
    });
    return out;
  }
  if (ts.isNoSubstitutionTemplateLiteral(e)) return e.text;
  if (ts.isIdentifier(e)) {
    const r = symbols.resolveName(file, e.text, e);
    const init = r && 'node' in r && ts.isVariableDeclaration(r.node) ? r.node.initializer : undefined;
    return init && ts.isTemplateExpression(unwrap(init)) ? sqlText(init, r!.file, symbols) : undefined;
  }
  return undefined;
}

function snippet(node: ts.Node, sf: ts.SourceFile): string {
  const text = node.getText(sf).replace(/\s+/g, ' ');
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

// Table access from code, with syntax and ficus's own symbol resolution (no type checker). A table
// fact needs a chain that starts at a knex handle, a helper the team declared, or SQL text: nothing
// else names a table (`createHash('sha256').update(x)` is no write). Each recogniser below looks at
// one node and says whether it took it; ORM recognisers join the list the same way.
import ts from '../typescript.cjs';
import type { SqlHelperConfig, TableHelperConfig } from '../../config.js';
import { propertyNameText, unwrap, type FileIndex } from '../index-file.js';
import type { Symbols } from '../symbols.js';
import { calleeName, chainAccess, chainCteNames, chainMethods, chainTop, JOIN_METHODS, methodName, TABLE_METHODS } from './knex-chain.js';
import type { KnexHandles } from './knex-handle.js';
import { ormCall } from './orm-calls.js';
import type { OrmModels } from './orm-models.js';
import { fragmentWrapper, sqlArgument } from './sql-argument.js';
import { tableArgument } from './table-argument.js';
import { addAccess, type TableContext } from './table-context.js';
import { emptyFindings, type FileTableFindings } from './table-findings.js';
import { variableChainMethods } from './variable-chain.js';

export interface TableHelpers {
  tables: readonly TableHelperConfig[];
  sql: readonly SqlHelperConfig[];
}

type Recogniser = (ctx: TableContext, node: ts.Node, helpers: TableHelpers) => boolean;

// Query functions of SQL drivers (pg, mysql, better-sqlite3, pg-promise, Prisma, postgres.js): only SQL-shaped text counts.
const QUERY_METHODS = new Set(['query', 'execute', 'raw', 'none', 'one', 'oneOrNone', 'many', 'manyOrNone', 'any', 'result', 'prepare', 'exec', 'all', 'get', 'run', '$queryRawUnsafe', '$executeRawUnsafe', 'unsafe']);
const SQL_TAGS = /^(sql|SQL|raw|\$queryRaw|\$executeRaw|query)$/;

/** Finds every table access in one file; base-repository constructions and subclass tables are resolved later. */
export function extractFileTables(file: FileIndex, symbols: Symbols, handles: KnexHandles, models: OrmModels, helpers: TableHelpers): FileTableFindings {
  const ctx: TableContext = { ...emptyFindings(), file, symbols, handles, models };
  const visit = (node: ts.Node): void => {
    for (const [style, recognise] of RECOGNISERS) {
      const before = ctx.accesses.length;
      if (!recognise(ctx, node, helpers)) continue;
      if (style && ctx.accesses.length > before) ctx.styles.add(style);
      break;
    }
    ts.forEachChild(node, visit);
  };
  visit(file.sf);
  const { file: _f, symbols: _s, handles: _h, models: _m, ...findings } = ctx;
  return findings;
}

const declaredHelper: Recogniser = (ctx, node, helpers) => {
  if (!ts.isCallExpression(node)) return false;
  const name = calleeName(node.expression);
  if (!name) return false;
  const table = helpers.tables.find((h) => matchesCall(name, h.call));
  if (table && node.arguments[table.arg]) {
    tableArgument(ctx, node.arguments[table.arg], { read: table.access !== 'write', write: table.access !== 'read' }, node);
    return true;
  }
  const sql = helpers.sql.find((h) => matchesCall(name, h.call));
  if (sql && node.arguments[sql.arg]) {
    sqlArgument(ctx, node.arguments[sql.arg], node);
    return true;
  }
  return false;
};

// db('orders'), trx('orders'), this.db('orders'): a handle called with a table.
const knexTableCall: Recogniser = (ctx, node) => {
  if (!ts.isCallExpression(node) || node.arguments.length !== 1) return false;
  if (!ctx.handles.isHandle(ctx.file, node.expression)) return false;
  const arg = unwrap(node.arguments[0]);
  if (ts.isSpreadElement(arg)) return true; // a wrapper forwarding its arguments: its callers name the table
  if (ts.isObjectLiteralExpression(arg) && chainMethods(node).length === 0) return true; // knex({ client }) is config
  tableArgument(ctx, arg, chainAccess([...chainMethods(node), ...variableChainMethods(node, ctx.file, ctx.symbols)]), node, cteNames(ctx, node));
  return true;
};

// .from('t'), .into('t'), .table('t'), every join, *Raw fragments: on a chain that starts at a handle.
const knexChainMethod: Recogniser = (ctx, node) => {
  if (!ts.isCallExpression(node) || !node.arguments[0]) return false;
  const method = methodName(node);
  if (!method) return false;
  const isTable = TABLE_METHODS.has(method) && method !== 'withSchema';
  const isJoin = JOIN_METHODS.has(method) && (node.arguments.length >= 2 || method === 'crossJoin');
  const isRaw = method === 'raw' || method.endsWith('Raw');
  if (!(isTable || isJoin || isRaw) || !ctx.handles.startsAtHandle(ctx.file, node)) return false;
  if (isRaw) sqlArgument(ctx, node.arguments[0], node, fragmentWrapper(method), false, cteNames(ctx, node));
  else if (isJoin) tableArgument(ctx, node.arguments[0], { read: true, write: false }, node, cteNames(ctx, node));
  else tableArgument(ctx, node.arguments[0], chainAccess([...chainMethods(node), ...variableChainMethods(node, ctx.file, ctx.symbols)]), node, cteNames(ctx, node));
  return true;
};

// pool.query('SELECT …'), db.prepare('…').all(): SQL text handed to a driver.
const sqlQueryCall: Recogniser = (ctx, node) => {
  if (!ts.isCallExpression(node) || !node.arguments[0]) return false;
  const method = methodName(node);
  if (!method || !QUERY_METHODS.has(method)) return false;
  sqlArgument(ctx, node.arguments[0], node, undefined, true, new Set(temporaryTables(node, (e) => ctx.symbols.evaluateString(ctx.file, e))));
  return true;
};

const sqlTemplateTag: Recogniser = (ctx, node) => {
  if (!ts.isTaggedTemplateExpression(node)) return false;
  const tag = calleeName(node.tag)?.split('.').pop();
  if (tag && SQL_TAGS.test(tag)) sqlArgument(ctx, node.template, node, undefined, true);
  return true;
};

const construction: Recogniser = (ctx, node) => {
  if (ts.isNewExpression(node) || (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.SuperKeyword)) {
    ctx.constructions.push({ call: node as ts.NewExpression | ts.SuperCall, file: ctx.file });
    return true;
  }
  return false;
};

// ORM model declarations: Objection `static tableName = 'orders'` / `static get tableName()`,
// Sequelize/Bookshelf `tableName: 'orders'` options.
const modelDeclaration: Recogniser = (ctx, node) => {
  if (ts.isPropertyAssignment(node) && propertyNameText(node.name) === 'tableName') {
    tableArgument(ctx, node.initializer, { read: true, write: false }, node);
    return true;
  }
  if (!ts.isClassLike(node)) return false;
  const model = node.name && ts.canHaveDecorators(node) && ts.getDecorators(node)?.length ? ctx.models.modelOf(ctx.file, node.name) : undefined;
  if (model) {
    addAccess(ctx, model.table, { read: true, write: false }, node.name!); // `@Entity('users')`, `@Table({ tableName })`
    ctx.styles.add(model.style);
  }
  for (const member of node.members) {
    const isStatic = ts.canHaveModifiers(member) && ts.getModifiers(member)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
    if (!isStatic || !member.name || !['tableName', 'table'].includes(propertyNameText(member.name) ?? '')) continue;
    if (ts.isPropertyDeclaration(member) && member.initializer) tableArgument(ctx, member.initializer, { read: true, write: false }, member);
    if (ts.isGetAccessorDeclaration(member)) {
      const ret = member.body?.statements.find(ts.isReturnStatement);
      if (ret?.expression) tableArgument(ctx, ret.expression, { read: true, write: false }, member);
    }
  }
  return true;
};

// Each with the data style it stands for in stats.styles.data (none: declarations, helpers the config names).
const RECOGNISERS: [string | undefined, Recogniser][] = [
  [undefined, declaredHelper],
  [undefined, construction],
  ['knex', knexTableCall],
  ['knex', knexChainMethod],
  [undefined, ormCall], // adds the model's own style
  ['sql', sqlQueryCall],
  ['sql', sqlTemplateTag],
  [undefined, modelDeclaration],
];

// CTEs of the call's own chain and of every chain it sits inside (`db.with('a', (qb) => qb.join('a', …))`).
function cteNames(ctx: TableContext, call: ts.CallExpression): Set<string> {
  const evaluate = (e: ts.Expression) => ctx.symbols.evaluateString(ctx.file, e);
  const names = chainCteNames(call, evaluate);
  for (const t of temporaryTables(call, evaluate)) names.add(t);
  for (let n: ts.Node | undefined = call.parent; n && !ts.isSourceFile(n); n = n.parent) {
    if (ts.isCallExpression(n) && n.arguments.some((a) => a.pos <= call.pos && call.end <= a.end)) for (const c of chainCteNames(n, evaluate)) names.add(c);
  }
  return names;
}

// A migration's `renameTable('t', 't_old')` … `dropTable('t_old')` in one chain: `t_old` lives only inside it.
function temporaryTables(call: ts.CallExpression, evaluate: (e: ts.Expression) => string | undefined): string[] {
  const renamed = new Set<string>();
  const dropped = new Set<string>();
  for (let n: ts.Expression = chainTop(call); ts.isCallExpression(n) && ts.isPropertyAccessExpression(unwrap(n.expression)); n = unwrap((unwrap(n.expression) as ts.PropertyAccessExpression).expression)) {
    const m = methodName(n);
    const arg = m === 'renameTable' ? n.arguments[1] : m === 'dropTable' || m === 'dropTableIfExists' ? n.arguments[0] : undefined;
    const name = arg && evaluate(arg);
    if (name) (m === 'renameTable' ? renamed : dropped).add(name);
  }
  return [...renamed].filter((t) => dropped.has(t));
}

/** `this.R.find` matches `R.find`; `query` matches any `x.query`. */
function matchesCall(name: string, pattern: string): boolean {
  return name === pattern || name.endsWith(`.${pattern}`);
}

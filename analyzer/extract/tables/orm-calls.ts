// Calls through ORM models, with their read/write verb: Sequelize and TypeORM statics and instance
// methods, Objection `query()` chains (knex verbs and Objection's own), `$relatedQuery`, TypeORM
// repositories (injected, `getRepository(X)`), entity managers (`manager.save(X, …)`), query
// builders, Prisma `prisma.<model>.<op>`. A call shaped like data access whose model is unknown is
// an UNRESOLVED_MODEL diagnostic, never a guess.
import ts from '../typescript.cjs';
import { lineOf, propertyNameText, unwrap } from '../index-file.js';
import { chainAccess, chainMethods, chainTop, JOIN_METHODS, methodName } from './knex-chain.js';
import type { OrmModel } from './orm-models.js';
import { addAccess, snippet, type Kind, type TableContext } from './table-context.js';
import { parseTableName } from './table-name.js';
import { constructorAssignment } from './this-table.js';
import { variableChainMethods } from './variable-chain.js';

const READ = /^(find|count|exist|max|min|sum|average|aggregate|groupBy|preload|reload)/;
const WRITE = /^(create(?!QueryBuilder)|bulkCreate|insert|save|update|upsert|delete|destroy|remove|softDelete|softRemove|restore|recover|increment|decrement|truncate|patch|persist|nativeInsert|nativeUpdate|nativeDelete)|OrCreate|AndUpdate|AndDelete/;
// Calls on a model instance (`user.save()`, a base class's `saveWithCtx`): fewer, since an instance has many unrelated methods.
const INSTANCE_VERBS = /^(save|update|destroy|reload|restore|increment|decrement|remove|softRemove|recover)/;
const OBJECTION_WRITES = /^(insert|update|patch|delete|upsert|increment|decrement)|^(relate|unrelate)$/;
const OBJECTION_GRAPHS = new Set(['withGraphFetched', 'withGraphJoined', 'joinRelated', 'innerJoinRelated', 'leftJoinRelated', 'leftOuterJoinRelated', 'rightJoinRelated', 'fullOuterJoinRelated', 'eager', 'joinEager', 'withRelated']);
const QB_WRITES = new Set(['insert', 'update', 'delete', 'softDelete', 'restore']);
const QB_TABLES = new Set(['from', 'into', 'update']);
const QB_JOINS = /^(leftJoin|innerJoin)(AndSelect|AndMapOne|AndMapMany)?$/;
const REPOSITORY_TYPES = new Set(['Repository', 'EntityRepository', 'TreeRepository', 'MongoRepository', 'SqlEntityRepository']);
const MANAGER = /(^|\.)(manager|entityManager|em|orm\.em|transactionalEntityManager)$/i;
// The ORMs' own statics (Sequelize, TypeORM BaseEntity): a model overriding one (`static findByPk`) still reads its table.
const BUILT_IN_STATICS = new Set(['findAll', 'findOne', 'findByPk', 'findAndCountAll', 'findOrCreate', 'findOrBuild', 'findCreateFind', 'count', 'max', 'min', 'sum', 'aggregate', 'create', 'bulkCreate', 'update', 'destroy', 'upsert', 'increment', 'decrement', 'truncate', 'restore', 'find', 'findBy', 'findOneBy', 'findOneOrFail', 'findOneByOrFail', 'findAndCount', 'countBy', 'exists', 'existsBy', 'save', 'insert', 'delete', 'remove', 'softRemove', 'softDelete', 'clear']);
// Whose statics those are: a model on another base (a project's own active record) overriding `create`
// is only its own helper, read where it is declared.
const BUILT_IN_STATIC_STYLES = new Set(['sequelize', 'sequelize-typescript', 'typeorm']);
const ENTITY_STYLES = new Set(['typeorm', 'mikro-orm']); // whose managers take the entity class: `manager.save(User, …)`
const PRISMA_OPS = new Set(['findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'findMany', 'count', 'aggregate', 'groupBy', 'create', 'createMany', 'createManyAndReturn', 'update', 'updateMany', 'updateManyAndReturn', 'upsert', 'delete', 'deleteMany']);

/** Read or write for an ORM method name; undefined for a method that is no data access. */
export function verbOf(method: string): Kind | undefined {
  const write = WRITE.test(method);
  const read = READ.test(method);
  return write || read ? { read: read || !write, write } : undefined;
}

/** The recogniser: true when it took the call (an access, or a diagnostic). */
export function ormCall(ctx: TableContext, node: ts.Node): boolean {
  if (!ts.isCallExpression(node)) return false;
  const callee = unwrap(node.expression);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const method = callee.name.text;
  const recv = unwrap(callee.expression);
  if (PRISMA_OPS.has(method) && ts.isPropertyAccessExpression(recv) && prismaCall(ctx, node, method, recv)) return true;
  if (method === 'query' || method === '$query' || method === 'relatedQuery' || method === '$relatedQuery') return objectionQuery(ctx, node, method, recv);
  if (method === 'createQueryBuilder') return queryBuilder(ctx, node, recv);
  const verb = verbOf(method);
  if (!verb) return false;
  const { models, file } = ctx;
  // Sequelize / TypeORM BaseEntity statics: `User.findAll()`, `User.scope('x').count()`, `this.create()` in a static.
  const model = models.modelOf(file, peelScopes(recv));
  const builtIn = model !== undefined && BUILT_IN_STATICS.has(method) && BUILT_IN_STATIC_STYLES.has(model.style);
  if (model && !builtIn && models.ownStatic(model, method)) return false; // the model's own helper: its body is read where it is
  if (model) return record(ctx, model, verb, node, includes(ctx, node));
  const repo = repositoryEntity(ctx, recv);
  if (repo === null) return unresolved(ctx, node, 'the repository');
  if (repo) return record(ctx, repo, verb, node);
  // Entity managers: `manager.save(User, data)`, `em.find(User, {})`, `manager.save(user)`.
  const first = node.arguments[0];
  const byArg = first && !ts.isFunctionLike(unwrap(first)) ? (models.modelOf(file, first) ?? (INSTANCE_VERBS.test(method) || /^(insert|persist)/.test(method) ? models.instanceOf(file, first) : undefined)) : undefined;
  if (byArg && ENTITY_STYLES.has(byArg.style)) return record(ctx, byArg, verb, node);
  if (isManager(ctx, recv)) return unresolved(ctx, node, 'the entity');
  if (INSTANCE_VERBS.test(method)) {
    const inst = models.instanceOf(file, recv);
    if (inst && !models.ownMethod(inst, method)) return record(ctx, inst, verb, node);
  }
  if (isRegistryLookup(recv) && !ctx.handles.isHandle(file, recv)) return unresolved(ctx, node, 'the model');
  return false;
}

// The model's table with `kind`, and `reads` (related models or join tables) read.
function record(ctx: TableContext, model: OrmModel, kind: Kind, site: ts.Node, reads: (OrmModel | string)[] = []): true {
  addAccess(ctx, model.table, kind, site);
  ctx.styles.add(model.style);
  for (const m of reads) addAccess(ctx, typeof m === 'string' ? m : m.table, { read: true, write: false }, site);
  return true;
}

function unresolved(ctx: TableContext, node: ts.Node, what: string): true {
  ctx.diagnostics.push({ file: ctx.file.rel, line: lineOf(ctx.file.sf, node), code: 'UNRESOLVED_MODEL', message: `\`${snippet(node, ctx.file.sf, 80)}\` looks like data access but ${what} is not a model ficus can map to a table` });
  return true;
}

// `User.scope('active')`, `User.unscoped()`, `User.schema('x')`: still the model.
function peelScopes(expr: ts.Expression): ts.Expression {
  let e = unwrap(expr);
  while (ts.isCallExpression(e) && ['scope', 'unscoped', 'schema'].includes(methodName(e) ?? '')) e = unwrap((unwrap(e.expression) as ts.PropertyAccessExpression).expression);
  return e;
}

// `WIKI.models.pages`, `db.models.User`, `models.User`: a model looked up in a registry.
function isRegistryLookup(expr: ts.Expression): boolean {
  const e = unwrap(expr);
  if (!ts.isPropertyAccessExpression(e)) return false;
  const owner = unwrap(e.expression);
  return (ts.isIdentifier(owner) && owner.text === 'models') || (ts.isPropertyAccessExpression(owner) && owner.name.text === 'models');
}

// Sequelize `include: [User, { model: Team, include: [...] }]` in the options: reads of those tables.
function includes(ctx: TableContext, call: ts.CallExpression): OrmModel[] {
  const out: OrmModel[] = [];
  const visitValue = (v: ts.Expression) => {
    const e = unwrap(v);
    if (ts.isArrayLiteralExpression(e)) return e.elements.forEach(visitValue);
    if (ts.isObjectLiteralExpression(e)) {
      for (const p of e.properties) {
        if (!ts.isPropertyAssignment(p) || !p.name) continue;
        const key = propertyNameText(p.name);
        if (key === 'model') visitValue(p.initializer);
        else if (key === 'include') visitValue(p.initializer);
        else if (key === 'through') visitThrough(p.initializer);
      }
      return;
    }
    const m = ctx.models.modelOf(ctx.file, peelScopes(e)); // `model: Document.scope('withDrafts')`
    if (m) out.push(m);
  };
  const visitThrough = (v: ts.Expression) => {
    const e = unwrap(v);
    if (ts.isObjectLiteralExpression(e)) for (const p of e.properties) if (ts.isPropertyAssignment(p) && p.name && propertyNameText(p.name) === 'model') visitValue(p.initializer);
  };
  for (const arg of call.arguments) {
    const a = unwrap(arg);
    if (!ts.isObjectLiteralExpression(a)) continue;
    for (const p of a.properties) if (ts.isPropertyAssignment(p) && p.name && propertyNameText(p.name) === 'include') visitValue(p.initializer);
  }
  return out;
}

// Objection: `Order.query().insert()`, `this.query()` in a static, `order.$query().patch()`,
// `Page.relatedQuery('tags')`, `page.$relatedQuery('tags').relate(t)`; graphs and joins in the chain.
function objectionQuery(ctx: TableContext, node: ts.CallExpression, method: string, recv: ts.Expression): boolean {
  const { models, file } = ctx;
  const instance = method.startsWith('$');
  const relation = method === '$relatedQuery' && node.arguments[0] ? ctx.symbols.evaluateString(file, node.arguments[0]) : undefined;
  const owner = instance ? (models.instanceOf(file, recv) ?? (relation ? models.onlyOwnerOf(relation) : undefined)) : models.modelOf(file, recv);
  if (!owner) {
    if (method === 'query' && node.arguments.length > 0) return false; // pool.query('SELECT …'): SQL
    if (isRegistryLookup(recv) || instance) return unresolved(ctx, node, instance ? 'the model of this instance' : 'the model'); // `$query` is Objection's alone
    return false;
  }
  const methods = [...chainMethods(node), ...variableChainMethods(node, file, ctx.symbols)];
  const write = methods.some((m) => OBJECTION_WRITES.test(m)) || chainAccess(methods).write;
  const kind = { read: !write, write };
  let target: OrmModel | undefined = owner;
  if (method.endsWith('elatedQuery')) {
    const rel = node.arguments[0] && ctx.symbols.evaluateString(file, node.arguments[0]);
    target = rel ? models.related(owner, rel) : undefined;
    if (!target) return unresolved(ctx, node, 'the relation');
    const joinTable = models.through(owner, rel!);
    // Many-to-many: relate inserts join rows, unrelate deletes them (filtering on the related table); the rest reads both.
    if (joinTable) {
      const relating = methods.find((m) => m === 'relate' || m === 'unrelate');
      addAccess(ctx, joinTable, relating ? { read: false, write: true } : { read: true, write: false }, node);
      if (relating === 'relate') return ctx.styles.add(target.style), true;
      if (relating) return record(ctx, target, { read: true, write: false }, node, graphs(ctx, node, target));
    }
  }
  record(ctx, target, kind, node, graphs(ctx, node, target));
  for (const t of joinedTables(ctx, node)) addAccess(ctx, t, { read: true, write: false }, node);
  return true;
}

// `.withGraphFetched('[tags, author.groups]')`, `.joinRelated('tags')` on the chain: the related models and join tables.
function graphs(ctx: TableContext, call: ts.CallExpression, model: OrmModel): (OrmModel | string)[] {
  const out: (OrmModel | string)[] = [];
  for (const c of chainCalls(call)) {
    const m = methodName(c);
    if (!m || !OBJECTION_GRAPHS.has(m) || !c.arguments[0]) continue;
    const text = ctx.symbols.evaluateString(ctx.file, c.arguments[0]);
    if (text === undefined) continue;
    // A relation expression: names, dots for nesting, brackets and commas for lists.
    const walk = (expr: string, from: OrmModel) => {
      for (const part of splitTop(expr.trim().replace(/^\[|\]$/g, ''))) {
        const [head, ...rest] = part.trim().split('.');
        const name = head.replace(/\(.*\)$/, '').replace(/\s+as\s+\w+$/, '').trim();
        if (!name) continue;
        const next = ctx.models.related(from, name);
        if (!next) continue;
        out.push(next);
        const joinTable = ctx.models.through(from, name);
        if (joinTable) out.push(joinTable);
        if (rest.length) walk(rest.join('.'), next);
      }
    };
    walk(text, model);
  }
  return out;
}

// `.join('tags', 'tags.id', 'pageTags.tagId')` in an Objection chain: a knex join on a named table.
function joinedTables(ctx: TableContext, call: ts.CallExpression): string[] {
  const out: string[] = [];
  for (const c of chainCalls(call)) {
    const m = methodName(c);
    if (!m || !JOIN_METHODS.has(m) || c.arguments.length < 2) continue;
    const t = ctx.symbols.evaluateString(ctx.file, c.arguments[0]);
    if (t && /^[\w.]+(\s+as\s+\w+)?$/i.test(t)) out.push(t.split(/\s+/)[0].split('.').pop()!);
  }
  return out;
}

// Every call of the chain `call` belongs to, from its top down.
function chainCalls(call: ts.CallExpression): ts.CallExpression[] {
  const out: ts.CallExpression[] = [];
  for (let n: ts.Expression = chainTop(call); ; ) {
    const e = unwrap(n);
    if (!ts.isCallExpression(e)) break;
    out.push(e);
    const callee = unwrap(e.expression);
    if (!ts.isPropertyAccessExpression(callee)) break;
    n = callee.expression;
  }
  return out;
}

function splitTop(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = s[i];
    if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') depth--;
    else if ((c === ',' && depth === 0) || i === s.length) {
      parts.push(s.slice(from, i).replace(/^\[|\]$/g, ''));
      from = i + 1;
    }
  }
  return parts;
}

// TypeORM / MikroORM query builders: `repo.createQueryBuilder('u')`, `dataSource.createQueryBuilder().from(User, 'u')`,
// `.insert().into(User)`, `.update(User)`, `.delete().from(User)`, joins on entities or relations (`'u.photos'`).
function queryBuilder(ctx: TableContext, node: ts.CallExpression, recv: ts.Expression): boolean {
  const { models, file } = ctx;
  const methods = [...chainMethods(node), ...variableChainMethods(node, file, ctx.symbols)];
  const write = methods.some((m) => QB_WRITES.has(m));
  const main: Kind = { read: !write, write };
  const aliases = new Map<string, OrmModel>();
  const found: [OrmModel, Kind][] = [];
  const repo = repositoryEntity(ctx, recv);
  const entityArg = node.arguments[0] && models.modelOf(file, node.arguments[0]);
  const root = repo ?? entityArg ?? undefined;
  const aliasArg = repo ? node.arguments[0] : node.arguments[1];
  if (root) {
    found.push([root, main]);
    const alias = aliasArg && ctx.symbols.evaluateString(file, aliasArg);
    if (alias) aliases.set(alias, root);
  }
  for (const c of chainCalls(node).reverse()) {
    const m = methodName(c);
    if (!m || c === node || !c.arguments[0]) continue;
    const arg = c.arguments[0];
    const entity = models.modelOf(file, arg);
    const alias = c.arguments[1] && ctx.symbols.evaluateString(file, c.arguments[1]);
    if (QB_TABLES.has(m) && (entity || ts.isStringLiteralLike(unwrap(arg)))) {
      const target = entity ?? undefined;
      if (target) {
        found.push([target, main]);
        if (alias) aliases.set(alias, target);
      } else {
        const name = parseTableName((unwrap(arg) as ts.StringLiteral).text); // `.from('users', 'u')`: a table by name
        if (name) addAccess(ctx, name, main, node);
      }
    } else if (QB_JOINS.test(m)) {
      let target = entity;
      const text = target ? undefined : ctx.symbols.evaluateString(file, arg);
      if (text && text.includes('.')) {
        const [a, rel] = text.split('.');
        const from = aliases.get(a);
        target = from ? models.related(from, rel) : undefined;
      }
      if (target) {
        found.push([target, { read: true, write: false }]);
        if (alias) aliases.set(alias, target);
      }
    }
  }
  if (found.length === 0) return unresolved(ctx, node, 'the query builder’s entity');
  for (const [m, k] of found) record(ctx, m, k, node);
  return true;
}

/** The entity of a repository expression; null when it is typed as a repository of something unknown. */
function repositoryEntity(ctx: TableContext, expr: ts.Expression, depth = 0): OrmModel | null | undefined {
  const { models, file, symbols } = ctx;
  const e = unwrap(expr);
  if (depth > 8) return undefined;
  if (ts.isCallExpression(e)) {
    const m = methodName(e) ?? (ts.isIdentifier(e.expression) ? e.expression.text : undefined);
    if ((m === 'getRepository' || m === 'getTreeRepository' || m === 'getMongoRepository') && e.arguments[0]) return models.modelOf(file, e.arguments[0]) ?? null;
    return undefined;
  }
  if (ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword) {
    let cls: ts.Node | undefined = e.parent;
    while (cls && !ts.isClassLike(cls)) cls = cls.parent;
    if (!cls || !ts.isClassLike(cls)) return undefined;
    const field = e.name.text;
    for (const member of cls.members) {
      if (ts.isPropertyDeclaration(member) && member.name && propertyNameText(member.name) === field) {
        return declaredRepository(ctx, member) ?? (member.initializer ? repositoryEntity(ctx, member.initializer, depth + 1) : undefined);
      }
      if (ts.isConstructorDeclaration(member)) {
        const param = member.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === field && ts.getModifiers(p)?.length);
        if (param) return declaredRepository(ctx, param);
        const assigned = constructorAssignment(member, field);
        if (assigned) {
          const right = unwrap(assigned);
          const p = ts.isIdentifier(right) ? member.parameters.find((x) => ts.isIdentifier(x.name) && x.name.text === right.text) : undefined;
          return p ? declaredRepository(ctx, p) : repositoryEntity(ctx, right, depth + 1);
        }
      }
    }
    return undefined;
  }
  if (ts.isIdentifier(e)) {
    const r = symbols.resolveName(file, e.text, e);
    if (!r || !('node' in r)) return undefined;
    const d = r.node;
    if (ts.isParameter(d) || ts.isPropertyDeclaration(d)) return declaredRepository(ctx, d);
    if (ts.isVariableDeclaration(d)) return declaredRepository(ctx, d) ?? (d.initializer ? repositoryEntity(ctx, d.initializer, depth + 1) : undefined);
  }
  return undefined;
}

// `@InjectRepository(User) repo: Repository<User>`, `repo: Repository<User>`.
function declaredRepository(ctx: TableContext, decl: ts.ParameterDeclaration | ts.PropertyDeclaration | ts.VariableDeclaration): OrmModel | null | undefined {
  const inject = ts.canHaveDecorators(decl) ? ts.getDecorators(decl)?.find((d) => ts.isCallExpression(d.expression) && /^InjectRepository$/.test(unwrap(d.expression.expression).getText(ctx.file.sf))) : undefined;
  if (inject) {
    const arg = (inject.expression as ts.CallExpression).arguments[0];
    return (arg && ctx.models.modelOf(ctx.file, arg)) ?? null;
  }
  const type = decl.type && ts.isTypeReferenceNode(decl.type) ? decl.type : undefined;
  const name = type && (ts.isIdentifier(type.typeName) ? type.typeName.text : type.typeName.right.text);
  if (!type || !name || !REPOSITORY_TYPES.has(name) || !type.typeArguments?.[0]) return undefined;
  return ctx.models.typeModel(ctx.file, type.typeArguments[0]) ?? null;
}


// `manager`, `this.em`, `dataSource.manager`, the parameter of `transaction(async (m) => …)`, anything typed EntityManager.
function isManager(ctx: TableContext, expr: ts.Expression): boolean {
  const e = unwrap(expr);
  const text = e.getText(ctx.file.sf);
  if (MANAGER.test(text)) return true;
  if (!ts.isIdentifier(e)) return false;
  const r = ctx.symbols.resolveName(ctx.file, e.text, e);
  const d = r && 'node' in r ? r.node : undefined;
  if (!d || !ts.isParameter(d)) return false;
  if (d.type && /EntityManager/.test(d.type.getText(ctx.file.sf))) return true;
  const call = d.parent.parent;
  return !!call && ts.isCallExpression(call) && methodName(call) === 'transaction' && call.arguments.includes(d.parent as ts.Expression) && !ctx.handles.isHandle(ctx.file, (unwrap(call.expression) as ts.PropertyAccessExpression).expression);
}

// `prisma`, `this.prisma`, `new PrismaClient()` in a variable, the `tx` of `$transaction(async (tx) => …)` or one typed `Prisma.TransactionClient`.
function isPrismaClient(ctx: TableContext, expr: ts.Expression): boolean {
  const e = unwrap(expr);
  if (/prisma/i.test(e.getText(ctx.file.sf))) return true;
  if (!ts.isIdentifier(e)) return false;
  const r = ctx.symbols.resolveName(ctx.file, e.text, e);
  const d = r && 'node' in r ? r.node : undefined;
  if (d && ts.isParameter(d)) {
    if (d.type && /Prisma/.test(d.type.getText(ctx.file.sf))) return true;
    const call = d.parent.parent;
    return !!call && ts.isCallExpression(call) && methodName(call) === '$transaction';
  }
  return !!d && ts.isVariableDeclaration(d) && !!d.initializer && /PrismaClient/.test(d.initializer.getText(r!.file.sf));
}

// Prisma: `prisma.user.findMany()`, `this.prisma.order.create()`, `tx.user.update()` inside `$transaction`.
function prismaCall(ctx: TableContext, node: ts.CallExpression, method: string, recv: ts.PropertyAccessExpression): boolean {
  if (!isPrismaClient(ctx, recv.expression)) return false; // `req.user.update()` is no Prisma call
  const accessor = recv.name.text;
  const table = ctx.models.prismaTable(accessor);
  if (table) {
    addAccess(ctx, table, verbOf(method)!, node);
    ctx.styles.add('prisma');
    return true;
  }
  return unresolved(ctx, node, ctx.models.hasPrismaSchema ? `\`${accessor}\` is no model of the schema.prisma files found, so it` : 'no schema.prisma was found, so the model');
}


// ORM models and the tables they map to, from their declarations across the tree: TypeORM and
// MikroORM `@Entity`, sequelize-typescript `@Table`, Sequelize `Model.init` / `sequelize.define`,
// Objection and Bookshelf `tableName`, Prisma schema models. Built once, on the first question.
import path from 'node:path';
import ts from '../typescript.cjs';
import { propertyNameText, unwrap, type FileIndex } from '../index-file.js';
import { baseClassOf } from '../base-class.js';
import type { Resolved, Symbols } from '../symbols.js';
import { enclosingStaticMethod } from './active-record.js';
import { sequelizePlural, snakeCase } from './orm-naming.js';
import { prismaAccessor, type PrismaModel } from './prisma-schema.js';
import { createInstanceOf } from './orm-instances.js';
import { isStatic } from './this-table.js';

export interface OrmModel {
  table: string;
  style: string; // typeorm, mikro-orm, sequelize, sequelize-typescript, objection, bookshelf
  node: ts.Node; // the class, or the variable `sequelize.define` is assigned to
  file: FileIndex;
}

export interface OrmModels {
  /** The model an expression names: a class, `this` in its static methods, a variable holding one, `db.models.users` by name. */
  modelOf(file: FileIndex, expr: ts.Expression): OrmModel | undefined;
  /** The model whose instance an expression holds: `user: User`, `await User.findOne()`, `new User()`, `this` in its methods, a parameter every call site gives one (orm-instances.ts). */
  instanceOf(file: FileIndex, expr: ts.Expression): OrmModel | undefined;
  /** The model a type names: `User`, `User | null`. */
  typeModel(file: FileIndex, type: ts.TypeNode): OrmModel | undefined;
  /** The model a relation of `model` leads to (`relationMappings`, `@OneToMany(() => Photo)`, `@HasMany(() => Star)`). */
  related(model: OrmModel, relation: string): OrmModel | undefined;
  /** True when the model's class itself declares instance method `method` (`user.updateSignedIn()`). */
  ownMethod(model: OrmModel, method: string): boolean;
  /** True when the model's class itself declares static `method` (a project helper, not the ORM's). */
  ownStatic(model: OrmModel, method: string): boolean;
  /** The one model declaring Objection relation `relation` (an instance calling `$relatedQuery(relation)` can only be of it), or one of several whose relation of that name leads to the same model through the same join table; undefined otherwise. */
  onlyOwnerOf(relation: string): OrmModel | undefined;
  /** The join table of a many-to-many Objection relation (`join: { through: { from: 'pageTags.pageId' } }`). */
  through(model: OrmModel, relation: string): string | undefined;
  /** `prisma.user` → the User model's table. */
  prismaTable(accessor: string): string | undefined;
  hasPrismaSchema: boolean;
  /** Entities whose table a project naming strategy decides: their table is unknown. */
  unknownNaming: Set<ts.Node>;
}

const ENTITY_MODULES: Record<string, string> = { typeorm: 'typeorm', '@mikro-orm/core': 'mikro-orm', '@mikro-orm/decorators/legacy': 'mikro-orm', '@mikro-orm/decorators/es': 'mikro-orm' };
const MODEL_MODULES: Record<string, string> = { objection: 'objection', sequelize: 'sequelize', '@sequelize/core': 'sequelize', 'sequelize-typescript': 'sequelize-typescript', typeorm: 'typeorm', bookshelf: 'bookshelf' };
const RELATION_DECORATORS = new Set(['OneToMany', 'ManyToOne', 'OneToOne', 'ManyToMany', 'HasMany', 'HasOne', 'BelongsTo', 'BelongsToMany']);
const KNOWN_NAMING = new Set(['DefaultNamingStrategy', 'SnakeNamingStrategy', 'UnderscoreNamingStrategy']);
// A cheap test on the text before a file is walked for declarations.
const DECLARES = /tableName|@Entity|@Table|\.init\(|\.define\(|namingStrategy/;

export function createOrmModels(symbols: Symbols, prisma: readonly PrismaModel[]): OrmModels {
  let byNode: Map<ts.Node, OrmModel> | undefined;
  const byName = new Map<string, OrmModel | null>(); // null: two models share the name
  const unknownNaming = new Set<ts.Node>();
  const prismaTables = new Map(prisma.map((m) => [prismaAccessor(m.model), m.table]));

  const add = (model: OrmModel, names: (string | undefined)[]) => {
    byNode!.set(model.node, model);
    for (const n of new Set(names)) if (n) byName.set(n, byName.has(n) && byName.get(n)?.node !== model.node ? null : model);
  };

  const build = (): Map<ts.Node, OrmModel> => {
    if (byNode) return byNode;
    byNode = new Map();
    let projectNaming = false;
    const entities: { cls: ts.ClassLikeDeclaration; file: FileIndex; style: string; names: (string | undefined)[] }[] = [];
    for (const file of symbols.files.values()) {
      if (!DECLARES.test(file.sf.text)) continue;
      const base = file.rel.replace(/^.*\//, '').replace(/\.\w+$/, '');
      const visit = (n: ts.Node, depth: number) => {
        if (ts.isClassLike(n)) {
          const found = classModel(file, n, base);
          if (found?.model) add(found.model, found.names);
          else if (found?.entity) entities.push({ cls: n, file, style: found.entity, names: found.names });
          return;
        }
        if (ts.isCallExpression(n)) {
          const m = callModel(file, n, base);
          if (m) add(m.model, m.names);
        }
        if (ts.isPropertyAssignment(n) && propertyNameText(n.name) === 'namingStrategy') projectNaming ||= !isKnownNaming(file, n.initializer);
        if (depth < 6) ts.forEachChild(n, (c) => visit(c, ts.isFunctionLike(c) || ts.isBlock(c) ? depth + 1 : depth));
      };
      visit(file.sf, 0);
    }
    for (const e of entities) {
      if (projectNaming) unknownNaming.add(e.cls);
      else add({ table: snakeCase(e.cls.name!.text), style: e.style, node: e.cls, file: e.file }, e.names);
    }
    return byNode;
  };

  // `@Entity('t')`, `@Table({ tableName })`, `static tableName = 't'`; `entity` when the table is the naming strategy's.
  const classModel = (file: FileIndex, cls: ts.ClassLikeDeclaration, base: string): { model?: OrmModel; entity?: string; names: (string | undefined)[] } | undefined => {
    const names = [cls.name?.text, base];
    for (const d of ts.canHaveDecorators(cls) ? (ts.getDecorators(cls) ?? []) : []) {
      const call = ts.isCallExpression(d.expression) ? d.expression : undefined;
      const name = calleeText(call ? call.expression : d.expression);
      const specifier = name ? file.imports.get(name)?.specifier : undefined;
      const arg = call?.arguments[0];
      if (name === 'Entity' && specifier && ENTITY_MODULES[specifier]) {
        const style = ENTITY_MODULES[specifier];
        const given = arg && (ts.isObjectLiteralExpression(unwrap(arg)) ? option(file, arg, style === 'mikro-orm' ? ['tableName', 'collection', 'name'] : ['name']) : symbols.evaluateString(file, arg));
        if (given) return { model: { table: given, style, node: cls, file }, names };
        return cls.name ? { entity: style, names } : undefined;
      }
      if (name === 'Table' && specifier === 'sequelize-typescript') {
        const opts = arg && ts.isObjectLiteralExpression(unwrap(arg)) ? arg : undefined;
        const modelName = opts && option(file, opts, ['modelName']);
        const table = (opts && option(file, opts, ['tableName'])) ?? sequelizeDefault(file, opts, modelName ?? cls.name?.text);
        return table ? { model: { table, style: 'sequelize-typescript', node: cls, file }, names: [...names, modelName] } : undefined;
      }
    }
    const field = staticTableName(file, cls);
    if (field) return { model: { table: field, style: externalBase(cls) ?? 'model', node: cls, file }, names };
    return undefined;
  };

  // `User.init(attrs, { sequelize, tableName })` (the class), `const User = sequelize.define('user', attrs, opts)` (the variable).
  const callModel = (file: FileIndex, call: ts.CallExpression, base: string): { model: OrmModel; names: (string | undefined)[] } | undefined => {
    const callee = unwrap(call.expression);
    if (!ts.isPropertyAccessExpression(callee)) return undefined;
    if (callee.name.text === 'init' && call.arguments.length >= 2) {
      const r = symbols.resolveReference(file, callee.expression);
      const cls = r && 'node' in r && ts.isClassLike(r.node) ? r.node : undefined;
      const opts = unwrap(call.arguments[1]);
      if (!cls || !ts.isObjectLiteralExpression(opts) || !externalBase(cls)?.startsWith('sequelize')) return undefined;
      const modelName = option(file, opts, ['modelName']);
      const table = option(file, opts, ['tableName']) ?? sequelizeDefault(file, opts, modelName ?? cls.name?.text);
      return table ? { model: { table, style: 'sequelize', node: cls, file }, names: [cls.name?.text, modelName, base] } : undefined;
    }
    if (callee.name.text === 'define' && call.arguments.length >= 2 && /sequelize/i.test(callee.expression.getText(file.sf) + [...file.imports.values()].map((b) => b.specifier).join(' '))) {
      const modelName = symbols.evaluateString(file, call.arguments[0]);
      const opts = call.arguments[2] && ts.isObjectLiteralExpression(unwrap(call.arguments[2])) ? call.arguments[2] : undefined;
      const table = (opts && option(file, opts, ['tableName'])) ?? (modelName ? sequelizeDefault(file, opts, modelName) : undefined);
      let holder: ts.Node = call;
      while (holder.parent && (ts.isParenthesizedExpression(holder.parent) || ts.isAsExpression(holder.parent))) holder = holder.parent;
      const node = ts.isVariableDeclaration(holder.parent) ? holder.parent : call;
      return table ? { model: { table, style: 'sequelize', node, file }, names: [modelName, ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) ? node.name.text : undefined, base] } : undefined;
    }
    return undefined;
  };

  // Sequelize pluralises the model name unless `freezeTableName: true`.
  const sequelizeDefault = (file: FileIndex, opts: ts.Expression | undefined, modelName: string | undefined): string | undefined => {
    if (!modelName) return undefined;
    const o = opts && unwrap(opts);
    const freeze = o && ts.isObjectLiteralExpression(o) ? o.properties.find((p) => p.name && propertyNameText(p.name) === 'freezeTableName') : undefined;
    return freeze && ts.isPropertyAssignment(freeze) && freeze.initializer.kind === ts.SyntaxKind.TrueKeyword ? modelName : sequelizePlural(modelName);
  };

  const option = (file: FileIndex, opts: ts.Expression, keys: string[]): string | undefined => {
    const o = unwrap(opts);
    if (!ts.isObjectLiteralExpression(o)) return undefined;
    for (const p of o.properties) {
      if (p.name && keys.includes(propertyNameText(p.name) ?? '') && (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p))) {
        const v = symbols.evaluateString(file, p);
        if (v) return v;
      }
    }
    return undefined;
  };

  const staticTableName = (file: FileIndex, cls: ts.ClassLikeDeclaration): string | undefined => {
    const member = cls.members.find((m) => m.name && propertyNameText(m.name) === 'tableName' && (ts.isPropertyDeclaration(m) || ts.isGetAccessorDeclaration(m)) && isStatic(m));
    return member ? symbols.evaluateString(file, member) : undefined;
  };

  // The ORM a class chain ends in: `extends Model` imported from 'objection' (directly or through project bases).
  const externalBase = (cls: ts.ClassLikeDeclaration): string | undefined => {
    const seen = new Set<ts.Node>();
    for (let c: ts.ClassLikeDeclaration | undefined = cls; c && !seen.has(c); ) {
      seen.add(c);
      const next = baseClassOf(c, symbols);
      if (!next) {
        const heritage = c.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
        const file = symbols.fileOf(c);
        return heritage && file ? moduleOf(file, heritage) : undefined;
      }
      c = next;
    }
    return undefined;
  };

  // `Model` from `import { Model } from 'objection'`, `require('objection').Model`, `const { Model } = require('objection')`.
  const moduleOf = (file: FileIndex, expr: ts.Expression): string | undefined => {
    const e = unwrap(expr);
    let root: ts.Expression = ts.isExpressionWithTypeArguments(e) ? e.expression : e;
    while (ts.isPropertyAccessExpression(root)) root = unwrap(root.expression);
    if (ts.isCallExpression(root) && ts.isIdentifier(root.expression) && root.expression.text === 'require' && root.arguments[0] && ts.isStringLiteralLike(root.arguments[0])) return MODEL_MODULES[root.arguments[0].text];
    if (!ts.isIdentifier(root)) return undefined;
    const spec = file.imports.get(root.text)?.specifier;
    if (spec) return MODEL_MODULES[spec];
    const decl = file.declarations.get(root.text);
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer) return moduleOf(file, decl.initializer);
    return undefined;
  };

  const isKnownNaming = (file: FileIndex, init: ts.Expression): boolean => {
    const e = unwrap(init);
    const name = ts.isNewExpression(e) ? calleeText(e.expression) : undefined;
    if (!name || !KNOWN_NAMING.has(name.split('.').pop()!)) return false;
    const r = symbols.resolveReference(file, (e as ts.NewExpression).expression);
    return !(r && 'node' in r && ts.isClassLike(r.node)); // a project class of that name is the project's own
  };

  const fromNode = (node: ts.Node): OrmModel | undefined => {
    return build().get(node);
  };

  const modelOf = (file: FileIndex, expr: ts.Expression): OrmModel | undefined => {
    const e = unwrap(expr);
    if (e.kind === ts.SyntaxKind.ThisKeyword) {
      const s = enclosingStaticMethod(e);
      return s ? fromNode(s.cls) : undefined;
    }
    if (!ts.isIdentifier(e) && !ts.isPropertyAccessExpression(e) && !ts.isCallExpression(e)) return undefined;
    const r = symbols.resolveReference(file, e) ?? nestedRequire(file, e);
    if (r && 'node' in r) return fromNode(r.node);
    if (r) return undefined;
    // `WIKI.models.pages`, `db.User`: a registry filled at run time, read by a unique model name.
    if (ts.isPropertyAccessExpression(e) && (isUnresolvedRoot(file, e.expression) || isModelsRegistry(e.expression))) {
      build();
      return byName.get(e.name.text) ?? undefined;
    }
    return undefined;
  };

  // `modelClass: require('./users')` inside a getter: index-file binds top-level requires only.
  const nestedRequire = (file: FileIndex, e: ts.Expression): Resolved | undefined => {
    const spec = ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'require' && e.arguments[0] && ts.isStringLiteralLike(e.arguments[0]) ? e.arguments[0].text : undefined;
    if (!spec?.startsWith('.')) return undefined;
    const base = path.resolve(path.dirname(file.abs), spec);
    const target = ['', '.js', '.ts', '.cjs', '.mjs', '/index.js', '/index.ts'].map((x) => base + x).find((p) => symbols.files.has(p));
    return target ? symbols.resolveImport({ specifier: spec, name: 'default', target }) : undefined;
  };

  const isUnresolvedRoot = (file: FileIndex, expr: ts.Expression): boolean => {
    let root = unwrap(expr);
    while (ts.isPropertyAccessExpression(root)) root = unwrap(root.expression);
    if (!ts.isIdentifier(root)) return false;
    const r = symbols.resolveName(file, root.text, root);
    if (!r) return true;
    // `const { models } = sequelize` / a parameter: not a model we can name by type, but a registry by name.
    return 'node' in r && (ts.isParameter(r.node) || ts.isBindingElement(r.node) || (ts.isVariableDeclaration(r.node) && !!r.node.initializer && ts.isCallExpression(unwrap(r.node.initializer))));
  };

  // `User`, `User | null`, `Promise<User>` is not an instance; `typeof User` is the class, not an instance either.
  const typeModel = (file: FileIndex, type: ts.TypeNode): OrmModel | undefined => {
    if (ts.isUnionTypeNode(type)) {
      for (const t of type.types) {
        const m = typeModel(file, t);
        if (m) return m;
      }
      return undefined;
    }
    if (!ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return undefined;
    const name = type.typeName.text;
    const binding = file.typeImports.get(name) ?? file.imports.get(name);
    const r = binding ? symbols.resolveImport(binding) : symbols.resolveName(file, name, type);
    return r && 'node' in r ? fromNode(r.node) : undefined;
  };

  // Objection's `relationMappings` entry for a relation, here or in a base class.
  const mapping = (model: OrmModel, relation: string): ts.ObjectLiteralExpression | undefined => {
    if (!ts.isClassLike(model.node)) return undefined;
    for (const m of model.node.members) {
      if (!isStatic(m) || !m.name || propertyNameText(m.name) !== 'relationMappings') continue;
      const obj = ts.isPropertyDeclaration(m) ? m.initializer : ts.isGetAccessorDeclaration(m) || ts.isMethodDeclaration(m) ? m.body?.statements.find(ts.isReturnStatement)?.expression : undefined;
      const o = obj && unwrap(obj);
      const entry = o && ts.isObjectLiteralExpression(o) ? o.properties.find((p) => p.name && propertyNameText(p.name) === relation) : undefined;
      const value = entry && ts.isPropertyAssignment(entry) ? unwrap(entry.initializer) : undefined;
      return value && ts.isObjectLiteralExpression(value) ? value : undefined;
    }
    const base = baseClassOf(model.node, symbols);
    const parent = base && fromNode(base);
    return parent ? mapping(parent, relation) : undefined;
  };

  const through = (model: OrmModel, relation: string): string | undefined => {
    const join = property(mapping(model, relation), 'join');
    const thr = property(join, 'through');
    if (!thr) return undefined;
    const cls = thr.properties.find((p) => p.name && propertyNameText(p.name) === 'modelClass');
    if (cls && ts.isPropertyAssignment(cls)) return modelOf(model.file, cls.initializer)?.table;
    const from = thr.properties.find((p) => p.name && propertyNameText(p.name) === 'from');
    const text = from && ts.isPropertyAssignment(from) ? symbols.evaluateString(model.file, from.initializer) : undefined;
    return text?.includes('.') ? text.slice(0, text.lastIndexOf('.')).split('.').pop() : undefined;
  };

  const related = (model: OrmModel, relation: string): OrmModel | undefined => {
    if (!ts.isClassLike(model.node)) return undefined;
    for (const m of model.node.members) {
      // TypeORM / sequelize-typescript: `@OneToMany(() => Photo, …) photos: Photo[]`
      if (ts.isPropertyDeclaration(m) && m.name && propertyNameText(m.name) === relation) {
        for (const d of ts.getDecorators(m) ?? []) {
          if (!ts.isCallExpression(d.expression) || !RELATION_DECORATORS.has(calleeText(d.expression.expression) ?? '')) continue;
          const target = d.expression.arguments[0] && unwrap(d.expression.arguments[0]);
          const body = target && ts.isArrowFunction(target) && !ts.isBlock(target.body) ? target.body : target;
          if (body) return modelOf(model.file, body as ts.Expression) ?? (ts.isStringLiteralLike(body) ? byName.get(body.text) ?? undefined : undefined);
        }
      }
    }
    // Objection: `static relationMappings = { tags: { modelClass: Tag } }` or a getter returning that.
    const cls = mapping(model, relation)?.properties.find((p) => p.name && propertyNameText(p.name) === 'modelClass');
    if (cls && ts.isPropertyAssignment(cls)) {
      const target = unwrap(cls.initializer);
      if (ts.isStringLiteralLike(target)) return byName.get(target.text.replace(/^.*\//, '').replace(/\.\w+$/, '')) ?? undefined;
      return modelOf(model.file, target);
    }
    const base = baseClassOf(model.node, symbols);
    const parent = base && fromNode(base);
    return parent ? related(parent, relation) : undefined;
  };

  const instanceOf = createInstanceOf(symbols, { modelOf, typeModel, fromNode });

  return {
    modelOf,
    instanceOf,
    typeModel,
    related,
    through,
    onlyOwnerOf: (relation) => {
      const [first, ...others] = [...build().values()].filter((m) => m.style === 'objection' && mapping(m, relation));
      // Several owners are as good as one when their relation reaches the same model through the same join table.
      const same = (m: OrmModel) => related(m, relation)?.node === related(first, relation)?.node && through(m, relation) === through(first, relation);
      return first && others.every(same) ? first : undefined;
    },
    ownMethod: (model, method) => ts.isClassLike(model.node) && model.node.members.some((m) => !isStatic(m) && !!m.name && propertyNameText(m.name) === method && ts.isMethodDeclaration(m)),
    ownStatic: (model, method) => ts.isClassLike(model.node) && model.node.members.some((m) => isStatic(m) && !!m.name && propertyNameText(m.name) === method && (ts.isMethodDeclaration(m) || ts.isPropertyDeclaration(m))),
    prismaTable: (accessor) => prismaTables.get(accessor),
    hasPrismaSchema: prisma.length > 0,
    get unknownNaming() {
      build();
      return unknownNaming;
    },
  };
}

// `sequelize.models.user`, `const { models } = …; models.user`: Sequelize's own registry by model name.
function isModelsRegistry(owner: ts.Expression): boolean {
  const o = unwrap(owner);
  return (ts.isIdentifier(o) && o.text === 'models') || (ts.isPropertyAccessExpression(o) && o.name.text === 'models');
}

function property(o: ts.ObjectLiteralExpression | undefined, key: string): ts.ObjectLiteralExpression | undefined {
  const p = o?.properties.find((x) => x.name && propertyNameText(x.name) === key);
  const v = p && ts.isPropertyAssignment(p) ? unwrap(p.initializer) : undefined;
  return v && ts.isObjectLiteralExpression(v) ? v : undefined;
}

function calleeText(e: ts.Expression): string | undefined {
  const x = unwrap(e);
  if (ts.isIdentifier(x)) return x.text;
  if (ts.isPropertyAccessExpression(x)) return x.name.text;
  return undefined;
}


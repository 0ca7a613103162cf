// Table access through ORM models: the model → table maps each ORM declares, and the calls on them
// with the right read/write verb, for the module whose own code makes the call.
import { describe, expect, it } from 'vitest';
import { codes, extractTree, tableAccess } from './tiny-tree.js';

describe('ORM models: Objection', () => {
  it('query() chains take knex and Objection verbs; $query, relatedQuery, graphs and joins name their tables', async () => {
    const facts = await extractTree({
      'src/models/tag.js': "const { Model } = require('objection');\nmodule.exports = class Tag extends Model {\n  static get tableName() { return 'tags'; }\n};\n",
      'src/models/order.ts': `import { Model } from 'objection';
import Customer from './customer.js';
export default class Order extends Model {
  static tableName = 'orders';
  static get relationMappings() {
    return {
      customer: { relation: Model.BelongsToOneRelation, modelClass: Customer, join: { from: 'orders.customerId', to: 'customers.id' } },
      tags: { relation: Model.ManyToManyRelation, modelClass: require('./tag'), join: { from: 'orders.id', through: { from: 'order_tags.orderId', to: 'order_tags.tagId' }, to: 'tags.id' } },
    };
  }
  static open() { return this.query().where({ open: true }); }
}
`,
      'src/models/customer.ts': "import { Model } from 'objection';\nexport default class Customer extends Model { static tableName = 'customers'; }\n",
      'src/place.ts': `import Order from './models/order.js';
export async function place(o: Order) {
  await Order.query().insert({ total: 1 });
  await Order.query().findById(1).patch({ open: false });
  await o.$query().delete();
  await o.$relatedQuery('tags').relate(3); // a many-to-many relate writes the join table only
}
`,
      'src/list.ts': `import Order from './models/order.js';
export const list = () => Order.query().withGraphFetched('[customer, tags]').join('refunds', 'refunds.orderId', 'orders.id');
export const tagsOf = (o: Order) => o.$relatedQuery('tags');
`,
      'src/untyped.js': "// only Order declares a customer relation, so o can only be an Order\nmodule.exports = (o) => o.$relatedQuery('customer');\n",
    });
    const access = tableAccess(facts);
    expect(access['src/place.ts']).toEqual(['order_tags:w', 'orders:w']); // was a read before: insert/patch/delete are writes
    expect(access['src/list.ts']).toEqual(['customers:r', 'order_tags:r', 'orders:r', 'refunds:r', 'tags:r']);
    expect(access['src/models/order.ts']).toEqual(['orders:r']);
    expect(access['src/untyped.js']).toEqual(['customers:r']);
    expect(facts.stats.styles?.data).toContain('objection');
    expect(codes(facts)).toEqual([]);
  });

  it('a model reached through a registry filled at run time (WIKI.models.pages) is read by its file name; an unknown one is a diagnostic', async () => {
    const facts = await extractTree({
      'server/models/pages.js': "const Model = require('objection').Model;\nmodule.exports = class Page extends Model { static get tableName() { return 'pages'; } };\n",
      'server/jobs/purge.js': "/* global WIKI */\nmodule.exports = async () => {\n  await WIKI.models.pages.query().delete().where('id', 1);\n  await WIKI.models.ghosts.query().delete();\n};\nmodule.exports.links = (page) => page.$relatedQuery('links');\n",
    });
    expect(tableAccess(facts)['server/jobs/purge.js']).toEqual(['pages:w']);
    expect(codes(facts)).toEqual(['UNRESOLVED_MODEL server/jobs/purge.js:4', 'UNRESOLVED_MODEL server/jobs/purge.js:6']); // no model has a links relation
  });
});

describe('ORM models: whose instance an untyped parameter holds', () => {
  const relations = (through: string, from: string) =>
    `{\n      labels: { relation: Model.ManyToManyRelation, modelClass: require('./labels'), join: { from: '${from}.id', through: { from: '${through}.itemId', to: '${through}.labelId' }, to: 'labels.id' } },\n      author: { relation: Model.BelongsToOneRelation, modelClass: require('./users'), join: { from: '${from}.authorId', to: 'users.id' } },\n    }`;
  it('the model every call site hands it; a relation several models declare only where they agree on its tables', async () => {
    const facts = await extractTree({
      'server/models/users.js': "const Model = require('objection').Model;\nmodule.exports = class User extends Model { static get tableName() { return 'users'; } };\n",
      'server/models/labels.js': `const Model = require('objection').Model;
/* global WIKI */
module.exports = class Label extends Model {
  static get tableName() { return 'labels'; }
  static async attach({ labels, doc }) {
    const current = await doc.$relatedQuery('labels');
    await doc.$relatedQuery('labels').relate(labels);
    return current;
  }
  static async detach(item) {
    await item.$relatedQuery('labels').unrelate();
  }
};
`,
      'server/models/docs.js': `const Model = require('objection').Model;
module.exports = class Doc extends Model {
  static get tableName() { return 'docs'; }
  static get relationMappings() {
    return ${relations('docLabels', 'docs')};
  }
  static async fetch(id) {
    try {
      return WIKI.models.docs.query().where({ id }).first();
    } catch (err) {
      throw err;
    }
  }
  static async publish(opts) {
    const doc = await WIKI.models.docs.fetch(opts.id);
    await WIKI.models.labels.attach({ labels: opts.labels, doc });
    await WIKI.models.labels.detach(doc);
  }
};
`,
      'server/models/revisions.js': `const Model = require('objection').Model;
module.exports = class Revision extends Model {
  static get tableName() { return 'revisions'; }
  static get relationMappings() {
    return ${relations('revisionLabels', 'revisions')};
  }
  static async archive(id) {
    await WIKI.models.labels.detach(await WIKI.models.revisions.query().findById(id));
  }
};
`,
      'server/graph/author.js': "// docs and revisions both have an author relation to users, with no join table\nmodule.exports = (entry) => entry.$relatedQuery('author');\n",
    });
    const access = tableAccess(facts);
    expect(access['server/models/labels.js']).toEqual(['docLabels:rw', 'labels:r']); // attach: only docs call it, with a doc
    expect(access['server/graph/author.js']).toEqual(['users:r']);
    expect(codes(facts)).toEqual(['UNRESOLVED_MODEL server/models/labels.js:11']); // detach gets a doc and a revision
  });
});

describe('ORM models: Sequelize', () => {
  it('Model.init with tableName, define with the pluralising default, statics, include and instance methods', async () => {
    const facts = await extractTree({
      'src/models/invoice.js': "const { Model, DataTypes } = require('sequelize');\nclass Invoice extends Model {}\nInvoice.init({ total: DataTypes.INTEGER }, { sequelize, tableName: 'invoices' });\nmodule.exports = Invoice;\n",
      'src/models/customer.js': "const { sequelize, DataTypes } = require('../db');\nconst Customer = sequelize.define('Customer', { name: DataTypes.STRING });\nconst Note = sequelize.define('note', {}, { freezeTableName: true });\nmodule.exports = { Customer, Note };\n",
      'src/db.js': "const { Sequelize, DataTypes } = require('sequelize');\nmodule.exports = { sequelize: new Sequelize('sqlite::memory:'), DataTypes };\n",
      'src/billing.js': `const Invoice = require('./models/invoice');
const { Customer, Note } = require('./models/customer');
async function bill() {
  await Invoice.create({ total: 1 });
  const all = await Invoice.findAll({ include: [{ model: Customer }] });
  await Note.count();
  const one = await Invoice.findByPk(1);
  await one.destroy();
  return all;
}
module.exports = { bill };
`,
    });
    const access = tableAccess(facts);
    expect(access['src/billing.js']).toEqual(['Customers:r', 'invoices:rw', 'note:r']); // create was a read before
    expect(facts.stats.styles?.data).toContain('sequelize');
  });

  it('sequelize-typescript @Table: tableName, the pluralised class name, scopes, typed instances and the models registry', async () => {
    const facts = await extractTree({
      'src/models/Star.ts': "import { Table, Model, Column } from 'sequelize-typescript';\n@Table({ tableName: 'stars', modelName: 'star' })\nexport class Star extends Model { @Column index: string; }\n",
      'src/models/Team.ts': "import { Table, Model } from 'sequelize-typescript';\n@Table\nexport class Team extends Model {}\n",
      'src/models/index.ts': "export { Star } from './Star';\nexport { Team } from './Team';\n",
      'src/stars.ts': `import { Star, Team } from './models';
import type { Sequelize } from 'sequelize-typescript';
export async function move(star: Star, s: Sequelize) {
  await Star.scope('withUser').findAll({ include: [Team] });
  star.index = 'b';
  await star.save();
  await s.models.Team.destroy({ where: {} });
}
`,
    });
    expect(tableAccess(facts)['src/stars.ts']).toEqual(['Teams:rw', 'stars:rw']);
    expect(tableAccess(facts)['src/models/Star.ts']).toEqual(['stars:r']);
    expect(facts.stats.styles?.data).toEqual(['sequelize-typescript']);
  });
});

describe('ORM models: whose code makes the call', () => {
  it("a model's own static helper counts for the model's file; a base class's verb helpers and an overridden built-in count for the caller", async () => {
    const facts = await extractTree({
      'src/models/Base.ts': "import { Model } from 'sequelize-typescript';\nexport class Base extends Model {\n  static createWithCtx(ctx: unknown, values: object) { return this.create(values); }\n  saveWithCtx(ctx: unknown) { return this.save(); }\n}\n",
      'src/models/Doc.ts': `import { Table } from 'sequelize-typescript';
import { Base } from './Base';
@Table({ tableName: 'documents' })
export class Doc extends Base {
  static async archiveAll() { return this.update({ archived: true }, { where: {} }); }
  static async findByPk(id: string) { return this.findOne({ where: { id } }); }
  updateTitle(t: string) { return t; }
}
`,
      'src/docs.ts': `import { Doc } from './models/Doc';
type Props = { doc: Doc; title: string };
export async function run(ctx: unknown, { doc, title }: Props) {
  await Doc.archiveAll();
  await Doc.findByPk('1');
  doc.updateTitle(title);
  await doc.saveWithCtx(ctx);
}
export const make = (ctx: unknown) => Doc.createWithCtx(ctx, {});
`,
    });
    const access = tableAccess(facts);
    expect(access['src/docs.ts']).toEqual(['documents:rw']); // findByPk reads; saveWithCtx on a typed prop and createWithCtx write
    expect(facts.accesses.filter((a) => a.file === 'src/docs.ts').map((a) => a.line)).toEqual([5, 7, 9]); // not archiveAll (line 4), not updateTitle
    expect(access['src/models/Doc.ts']).toEqual(['documents:rw']);
  });

  it('a CTE declared by an outer knex chain is no table inside its callbacks', async () => {
    const facts = await extractTree({
      'src/db.ts': "import knex from 'knex';\nexport const db = knex({ client: 'pg' });\n",
      'src/tree.ts': "import { db } from './db';\nexport const up = (id: number) => db.withRecursive('ancestors', (qb) => {\n  qb.select('*').from('folders').where('id', id).union((sqb) => sqb.select('f.*').from('folders as f').join('ancestors', 'ancestors.parentId', 'f.id'));\n}).select('*').from('ancestors');\n",
    });
    expect(tableAccess(facts)['src/tree.ts']).toEqual(['folders:r']);
  });

  it("a migration's renamed-then-dropped table and a trigger's UPDATE ON are no tables", async () => {
    const facts = await extractTree({
      'db/migrations/1.js': "exports.up = (knex) => knex.schema\n  .renameTable('notes', 'notes_old')\n  .createTable('notes', (t) => { t.increments('id'); })\n  .raw('INSERT INTO notes SELECT id FROM notes_old')\n  .dropTable('notes_old');\n",
      'db/migrations/2.js': "exports.up = (q) => q.sequelize.query(`ALTER TABLE notes ADD COLUMN v tsvector;\nCREATE FUNCTION notes_trigger() RETURNS trigger AS $$\nbegin\n  new.v := to_tsvector(new.title);\n  return new;\nend\n$$ LANGUAGE plpgsql;\nCREATE TRIGGER notes_tsv BEFORE INSERT OR UPDATE\nON notes FOR EACH ROW EXECUTE PROCEDURE notes_trigger();`);\n",
    });
    expect(tableAccess(facts)).toEqual({ 'db/migrations/1.js': ['notes:w'] });
  });
});

describe('ORM models: TypeORM and MikroORM', () => {
  it('@Entity names and the default naming strategy; repositories injected, typed or from getRepository; managers; query builders with relation joins', async () => {
    const facts = await extractTree({
      'src/user.entity.ts': "import { Entity, OneToMany, PrimaryGeneratedColumn } from 'typeorm';\nimport { Photo } from './photo.entity';\n@Entity('users')\nexport class User {\n  @PrimaryGeneratedColumn() id: number;\n  @OneToMany(() => Photo, (p) => p.user) photos: Photo[];\n}\n",
      'src/photo.entity.ts': "import { Entity, ManyToOne } from 'typeorm';\nimport { User } from './user.entity';\n@Entity()\nexport class Photo { @ManyToOne(() => User) user: User; }\n",
      'src/audit-log.entity.ts': "import { Entity } from 'typeorm';\n@Entity({ name: 'audit' })\nexport class AuditLog {}\n",
      'src/users.service.ts': `import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { User } from './user.entity';
import { Photo } from './photo.entity';
import { AuditLog } from './audit-log.entity';
export class UsersService {
  constructor(@InjectRepository(User) private readonly users: Repository<User>, private readonly dataSource: DataSource) {}
  find(id: number) { return this.users.findOneBy({ id }); }
  withPhotos() { return this.users.createQueryBuilder('u').leftJoinAndSelect('u.photos', 'p').getMany(); }
  async rename(id: number) {
    await this.dataSource.transaction(async (manager) => {
      await manager.update(User, id, { name: 'x' });
      await manager.save(AuditLog, { what: 'rename' });
    });
  }
  photos() { return this.dataSource.getRepository(Photo).count(); }
  purge() { return this.dataSource.createQueryBuilder().delete().from(Photo).where('1 = 1').execute(); }
}
`,
    });
    const access = tableAccess(facts);
    expect(access['src/users.service.ts']).toEqual(['audit:w', 'photo:rw', 'users:rw']);
    expect(access['src/photo.entity.ts']).toEqual(['photo:r']);
    expect(facts.stats.styles?.data).toEqual(['typeorm']);
    expect(codes(facts)).toEqual([]);
  });

  it('an entity whose table a project naming strategy decides, and a repository of an unknown entity, are diagnostics', async () => {
    const facts = await extractTree({
      'src/naming.ts': "import { DefaultNamingStrategy } from 'typeorm';\nexport class Plural extends DefaultNamingStrategy { tableName(c: string) { return c + 's'; } }\n",
      'src/data-source.ts': "import { DataSource } from 'typeorm';\nimport { Plural } from './naming';\nexport const ds = new DataSource({ type: 'postgres', namingStrategy: new Plural() });\n",
      'src/order.entity.ts': "import { Entity } from 'typeorm';\n@Entity()\nexport class Order {}\n",
      'src/orders.ts': "import { Repository } from 'typeorm';\nimport { ds } from './data-source';\nimport { Order } from './order.entity';\nimport type { Unknown } from 'elsewhere';\nexport const all = () => ds.getRepository(Order).find();\nexport const other = (r: Repository<Unknown>) => r.delete({});\n",
    });
    expect(tableAccess(facts)['src/orders.ts']).toBeUndefined();
    expect(codes(facts)).toEqual(['UNRESOLVED_MODEL src/orders.ts:5', 'UNRESOLVED_MODEL src/orders.ts:6']);
  });

  it('MikroORM @Entity({ tableName }) through the entity manager', async () => {
    const facts = await extractTree({
      'src/book.ts': "import { Entity, PrimaryKey } from '@mikro-orm/core';\n@Entity({ tableName: 'books' })\nexport class Book { @PrimaryKey() id!: number; }\n",
      'src/author-profile.ts': "import { Entity } from '@mikro-orm/core';\n@Entity()\nexport class AuthorProfile {}\n",
      'src/shelf.ts': "import type { EntityManager } from '@mikro-orm/postgresql';\nimport { Book } from './book';\nimport { AuthorProfile } from './author-profile';\nexport async function shelve(em: EntityManager) {\n  const b = await em.findOne(Book, 1);\n  await em.nativeDelete(AuthorProfile, {});\n  return b;\n}\n",
    });
    expect(tableAccess(facts)['src/shelf.ts']).toEqual(['author_profile:w', 'books:r']);
    expect(facts.stats.styles?.data).toEqual(['mikro-orm']);
  });
});

describe('ORM models: Prisma', () => {
  it('prisma.<model>.<op> against schema.prisma (with @@map), inside $transaction too; $queryRaw as SQL; an unknown model is a diagnostic', async () => {
    const facts = await extractTree({
      'prisma/schema.prisma': 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\nmodel User {\n  id Int @id\n  posts Post[]\n  @@map("users")\n}\n// model Ghost { id Int @id }\nmodel Post {\n  id Int @id\n  authorId Int\n  author User @relation(fields: [authorId], references: [id])\n}\n',
      'src/posts.ts': `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function publish(id: number) {
  const user = await prisma.user.findUnique({ where: { id } });
  await prisma.$transaction(async (tx) => {
    await tx.post.create({ data: { authorId: id } });
  });
  await prisma.$executeRaw\`UPDATE "users" SET seen = now() WHERE id = \${id}\`;
  await prisma.ghost.findMany();
  return user;
}
`,
      'src/session.ts': "export const touch = (req: { user: { update(): void } }) => req.user.update();\n",
    });
    expect(tableAccess(facts)['src/posts.ts']).toEqual(['Post:w', 'users:rw']);
    expect(tableAccess(facts)['src/session.ts']).toBeUndefined(); // not a Prisma client
    expect(facts.stats.styles?.data).toEqual(['prisma', 'sql']);
    expect(codes(facts)).toEqual(['UNRESOLVED_MODEL src/posts.ts:9']);
  });
});

describe('raw drivers', () => {
  it('pg pool and client, mysql2 query and execute, better-sqlite3 prepare are read as SQL', async () => {
    const facts = await extractTree({
      'src/pg.ts': "import { Pool } from 'pg';\nconst pool = new Pool();\nexport async function f() {\n  const c = await pool.connect();\n  await c.query('UPDATE stock SET qty = qty - 1');\n  return pool.query('SELECT * FROM orders');\n}\n",
      'src/my.js': "const mysql = require('mysql2/promise');\nasync function g() {\n  const conn = await mysql.createConnection({});\n  await conn.execute('INSERT INTO `events` (a) VALUES (?)', [1]);\n  return conn.query('SELECT * FROM users WHERE id = ?', [1]);\n}\nmodule.exports = { g };\n",
      'src/lite.ts': "import Database from 'better-sqlite3';\nconst db = new Database('x.db');\nexport const rows = () => db.prepare('SELECT * FROM notes').all();\nexport const del = () => db.prepare('DELETE FROM notes WHERE id = ?').run(1);\n",
    });
    expect(tableAccess(facts)).toEqual({ 'src/lite.ts': ['notes:rw'], 'src/my.js': ['events:w', 'users:r'], 'src/pg.ts': ['orders:r', 'stock:w'] });
  });
});

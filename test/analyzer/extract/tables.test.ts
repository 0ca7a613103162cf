import { describe, expect, it } from 'vitest';
import { codes, extractTree, tableAccess } from './tiny-tree.js';

const DB = { 'src/db.ts': "import knex from 'knex';\nexport const db = knex({ client: 'pg' });\n" };

describe('table access: naming styles', () => {
  it('string literals in db(), from, into, table and every join kind', async () => {
    const facts = await extractTree({
      ...DB,
      'src/a.ts': `import { db } from './db.js';
export const q = () => Promise.all([
  db('orders').select('*'),
  db.select('id').from('carts').innerJoin('users', 'users.id', 'carts.user_id').leftOuterJoin('coupons', 'a', 'b'),
  db.insert({ a: 1 }).into('order_items'),
  db.table('audit_log').where({ a: 1 }).del(),
  db('products').rightJoin('brands', 'b.id', 'p.brand_id').crossJoin('regions'),
]);`,
    });
    expect(tableAccess(facts)).toEqual({
      'src/a.ts': ['audit_log:w', 'brands:r', 'carts:r', 'coupons:r', 'order_items:w', 'orders:r', 'products:r', 'regions:r', 'users:r'],
    });
    expect(facts.modules.find((m) => m.path === 'src/db.ts')!.tables).toEqual([]); // knex({ client }) is config, not a table
  });

  it('constants, imported constants, maps of constants through re-exports, enums and template aliases', async () => {
    const facts = await extractTree({
      ...DB,
      'src/tables/names.ts': "export const T = Object.freeze({ ORDERS: 'orders', USERS: 'public.users' });\nexport const PAYMENTS = 'payments';\nexport enum Tbl { Items = 'order_items' }\n",
      'src/tables/index.ts': "export * from './names.js';\n",
      'src/a.ts': `import { db } from './db.js';
import { T, PAYMENTS as P, Tbl } from './tables/index.js';
import * as names from './tables/names.js';
const LOCAL = 'coupons';
const { USERS } = T;
export async function run() {
  const inner = 'refunds';
  await db(\`\${T.ORDERS} as o\`).join(\`\${USERS} u\`, 'u.id', 'o.user_id');
  await db(P).update({ a: 1 });
  await db(Tbl.Items).insert({});
  await db(names.T['ORDERS']).count();
  await db(LOCAL).first();
  await db(inner).del();
}`,
    });
    expect(tableAccess(facts)['src/a.ts']).toEqual(['coupons:r', 'order_items:w', 'orders:r', 'payments:w', 'refunds:w', 'users:r']);
    expect(codes(facts)).toEqual([]);
  });

  it('constants from CommonJS modules', async () => {
    const facts = await extractTree({
      'lib/tables.js': "module.exports = { ORDERS: 'orders' };\nexports.ignored = 1;\n",
      'lib/more.js': "exports.USERS = 'users';\n",
      'lib/repo.js': "const knex = require('knex')({});\nconst T = require('./tables');\nconst { USERS } = require('./more');\nmodule.exports = { all: () => knex(T.ORDERS).select(), u: () => knex(USERS).insert({}) };\n",
    });
    expect(tableAccess(facts)['lib/repo.js']).toEqual(['orders:r', 'users:w']);
  });

  it('a base repository taking the table in super(), and new Repo("t")', async () => {
    const facts = await extractTree({
      ...DB,
      'src/base.ts': `import { db } from './db.js';
export abstract class BaseRepo {
  protected readonly table: string;
  constructor(table: string) { this.table = table; }
  byId(id: number) { return db(this.table).where({ id }).first(); }
  save(row: object) { return db(this.table).insert(row); }
}`,
      'src/orders.ts': "import { BaseRepo } from './base.js';\nconst TABLE = 'orders';\nexport class OrdersRepo extends BaseRepo {\n  constructor() { super(TABLE); }\n}\n",
      'src/generic.ts': "import { BaseRepo } from './base.js';\nexport class Generic extends BaseRepo {\n  constructor(t: string) { super(t); }\n}\n",
      'src/users.ts': "import { BaseRepo } from './base.js';\nexport const users = new BaseRepo('users');\n",
    });
    expect(tableAccess(facts)).toEqual({ 'src/orders.ts': ['orders:rw'], 'src/users.ts': ['users:rw'] });
    expect(codes(facts)).toEqual([]); // this.table in the base and super(t) in a generic subclass are not dynamic
  });

  it('ORM model declarations: static tableName, static get tableName, tableName: option', async () => {
    const facts = await extractTree({
      'src/product.ts': "import { Model } from 'objection';\nexport class Product extends Model { static tableName = 'products'; }\n",
      'src/brand.ts': "import { Model } from 'objection';\nexport class Brand extends Model { static get tableName() { return 'brands'; } }\n",
      'src/user.js': "const { Model } = require('sequelize');\nclass User extends Model {}\nUser.init({}, { sequelize, tableName: 'users' });\n",
    });
    expect(tableAccess(facts)).toEqual({ 'src/brand.ts': ['brands:r'], 'src/product.ts': ['products:r'], 'src/user.js': ['users:r'] });
  });

  it('active-record models: a static query() on the base reads the subclass static tableName', async () => {
    const facts = await extractTree({
      ...DB,
      'src/model.ts': "import { db } from './db.js';\nexport abstract class Model {\n  static tableName: string;\n  static query() { return db(this.tableName); }\n}\n",
      'src/order.ts': "import { Model } from './model.js';\nexport class Order extends Model {\n  static override tableName = 'orders';\n  static open() { return this.query().where({ open: true }); }\n}\n",
      'src/close.ts': "import { Order } from './order.js';\nexport const close = (id: number) => Order.query().where({ id }).update({ open: false });\n",
    });
    expect(tableAccess(facts)).toEqual({ 'src/close.ts': ['orders:w'], 'src/order.ts': ['orders:r'] });
    expect(codes(facts)).toEqual([]); // this.tableName in the base is not dynamic
  });

  it('a subquery held in a variable and a project function returning a builder are not table names', async () => {
    const facts = await extractTree({
      ...DB,
      'src/a.ts': "import { db } from './db.js';\nfunction filtered(f: { id?: number }) { return db('orders as o').where(f); }\nexport async function run() {\n  const moved = db('movements').sum({ n: 'delta' }).as('m');\n  await db('stock as s').leftJoin(moved, 'm.id', 's.id');\n  await filtered({}).select('o.*');\n}\n",
    });
    expect(tableAccess(facts)['src/a.ts']).toEqual(['movements:r', 'orders:r', 'stock:r']);
    expect(codes(facts)).toEqual([]);
  });

  it('raw SQL in db.raw, joinRaw, whereRaw and query functions; CTE names, aliases, quotes and schemas', async () => {
    const facts = await extractTree({
      ...DB,
      'src/a.ts': `import { db } from './db.js';
import { Pool } from 'pg';
const pool = new Pool();
const ORDERS = 'orders';
const REPORT_SQL = \`WITH recent AS (SELECT * FROM \${ORDERS} WHERE placed_at > now() - interval '1 day')
  SELECT r.id, u.email FROM recent r JOIN "public"."users" u ON u.id = r.user_id\`;
export async function run(id: number) {
  await db.raw(REPORT_SQL);
  await db('carts as c').joinRaw('join cart_items ci on ci.cart_id = c.id');
  await db('payments').whereRaw('exists (select 1 from refunds r where r.payment_id = payments.id)');
  await pool.query('UPDATE shop.inventory SET qty = qty - 1 WHERE sku = $1', [id]);
  await pool.query({ text: 'DELETE FROM sessions WHERE id = $1', values: [id] });
  await pool.query('INSERT INTO \`audit\` (a) SELECT a FROM events');
  await db.raw('now()');
}`,
    });
    expect(tableAccess(facts)['src/a.ts']).toEqual([
      'audit:w', 'cart_items:r', 'carts:r', 'events:r', 'inventory:w', 'orders:r', 'payments:r', 'refunds:r', 'sessions:w', 'users:r',
    ]);
    expect(codes(facts)).toEqual([]);
  });

  it('falls back to a careful scan where the SQL parser fails, and says so', async () => {
    const facts = await extractTree({
      ...DB,
      'src/a.ts': "import { db } from './db.js';\nexport const m = () => db.raw('MERGE INTO stock s USING deliveries d ON s.sku = d.sku WHEN MATCHED THEN UPDATE SET qty = s.qty + d.qty');\n",
    });
    expect(tableAccess(facts)['src/a.ts']).toEqual(['deliveries:r', 'stock:w']);
    expect(codes(facts)).toEqual(['SQL_PARSE_FALLBACK src/a.ts:2']);
  });

  it('reports a truly dynamic table name with file and line instead of guessing', async () => {
    const facts = await extractTree({
      ...DB,
      'src/a.ts': "import { db } from './db.js';\nexport function byName(t: string) {\n  return db(t).select();\n}\nexport const raw = (t: string) => db.raw(`select * from ${t}`);\n",
    });
    expect(tableAccess(facts)).toEqual({});
    expect(codes(facts)).toEqual(['DYNAMIC_TABLE src/a.ts:3', 'DYNAMIC_TABLE src/a.ts:5']);
  });

  it("uses the team's own helpers declared in ficus.config.yaml", async () => {
    const facts = await extractTree(
      {
        'src/a.js': "const R = require('redbean');\nconst pool = require('./pool');\nR.find('orders', 'id = ?', [1]);\nR.dispense('invoices');\nthis.R.findOne('users');\npool.run('SELECT * FROM coupons');\n",
        'src/pool.js': 'module.exports = {};\n',
      },
      { helpers: { tables: [{ call: 'R.find' }, { call: 'R.findOne' }, { call: 'R.dispense', access: 'write' }], sql: [{ call: 'pool.run', arg: 0 }] } },
    );
    expect(tableAccess(facts)['src/a.js']).toEqual(['coupons:r', 'invoices:w', 'orders:r', 'users:r']);
  });

  it('does not mistake arrays, strings and non-SQL strings for tables', async () => {
    const facts = await extractTree({
      'src/a.ts': "export const a = Array.from(new Set([1])).join(',');\nexport const b = ['x', 'y'].join(', ', );\nconst client = { query: (s: string) => s };\nclient.query('update the cache please');\nconsole.log('select your plan from the list');\n",
    });
    expect(tableAccess(facts)).toEqual({});
  });
});

import { describe, expect, it } from 'vitest';
import { extractTree } from './tiny-tree.js';

describe('foreign keys', () => {
  it('from knex migrations: references().inTable(), references("t.c"), foreign().references()', async () => {
    const facts = await extractTree({
      'migrations/001.js': `const USERS = 'users';
exports.up = (knex) => knex.schema
  .createTable('orders', (t) => {
    t.increments('id');
    t.integer('user_id').unsigned().notNullable().references('id').inTable(USERS).onDelete('CASCADE');
    t.integer('product_id').references('public.products.id');
  })
  .alterTable('order_items', function (table) {
    table.foreign('order_id').references('orders.id');
    table.foreign(['sku', 'region']).references(['sku', 'region']).inTable('stock');
  });`,
    });
    expect(facts.foreignKeys.map(({ table, column, references, line }) => ({ table, column, references, line }))).toEqual([
      { table: 'orders', column: 'user_id', references: { table: 'users', column: 'id' }, line: 5 },
      { table: 'orders', column: 'product_id', references: { table: 'products', column: 'id' }, line: 6 },
      { table: 'order_items', column: 'order_id', references: { table: 'orders', column: 'id' }, line: 9 },
      { table: 'order_items', column: 'sku', references: { table: 'stock', column: 'sku' }, line: 10 },
      { table: 'order_items', column: 'region', references: { table: 'stock', column: 'region' }, line: 10 },
    ]);
  });

  it('from raw CREATE TABLE ... REFERENCES and ALTER TABLE, in code and in .sql files', async () => {
    const facts = await extractTree({
      'db/schema.sql': 'CREATE TABLE users (id serial PRIMARY KEY);\n-- comment REFERENCES nothing\nCREATE TABLE IF NOT EXISTS "public"."orders" (\n  id serial PRIMARY KEY,\n  user_id int NOT NULL REFERENCES users(id) ON DELETE CASCADE,\n  coupon_code text,\n  CONSTRAINT fk_coupon FOREIGN KEY (coupon_code) REFERENCES coupons (code)\n);\n',
      'src/migrate.ts': "export const up = (db: any) => db.raw(`\n  ALTER TABLE payments ADD CONSTRAINT p_o FOREIGN KEY (order_id) REFERENCES orders (id);\n`);\n",
    });
    const keys = facts.foreignKeys.map(({ table, column, references, file, line }) => ({ table, column, references, file, line }));
    expect(keys.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line)).toEqual([
      { table: 'orders', column: 'user_id', references: { table: 'users', column: 'id' }, file: 'db/schema.sql', line: 5 },
      { table: 'orders', column: 'coupon_code', references: { table: 'coupons', column: 'code' }, file: 'db/schema.sql', line: 7 },
      { table: 'payments', column: 'order_id', references: { table: 'orders', column: 'id' }, file: 'src/migrate.ts', line: 2 },
    ]);
  });
});

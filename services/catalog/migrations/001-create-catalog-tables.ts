// Creates the catalog's tables, as `ficus new-service` read them from the monolith's schema, with the
// unique keys, defaults and indexes introspection does not carry added back by hand.
import type { Knex } from 'knex';

export const name = '001-create-catalog-tables';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('categories', (t) => {
    t.increments('id', { primaryKey: true });
    t.string('name', 100).notNullable();
    t.string('slug', 100).notNullable().unique();
    t.integer('parent_id');
    t.foreign(['parent_id']).references(['id']).inTable('categories');
  });
  await knex.schema.createTable('brands', (t) => {
    t.increments('id', { primaryKey: true });
    t.string('name', 100).notNullable();
    t.string('slug', 100).notNullable().unique();
    t.string('country', 2).notNullable();
  });
  await knex.schema.createTable('products', (t) => {
    t.increments('id', { primaryKey: true });
    t.string('sku', 40).notNullable().unique();
    t.string('name', 200).notNullable();
    t.string('slug', 200).notNullable();
    t.text('description').notNullable();
    t.integer('price_cents').notNullable();
    t.string('currency', 3).notNullable().defaultTo('EUR');
    t.integer('category_id').notNullable().index();
    t.integer('brand_id').notNullable().index();
    t.boolean('active').notNullable().defaultTo(true);
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.foreign(['brand_id']).references(['id']).inTable('brands');
    t.foreign(['category_id']).references(['id']).inTable('categories');
  });
  await knex.schema.createTable('product_images', (t) => {
    t.increments('id', { primaryKey: true });
    t.integer('product_id').notNullable().index();
    t.string('url', 300).notNullable();
    t.string('alt', 200).notNullable();
    t.integer('position').notNullable();
    t.foreign(['product_id']).references(['id']).inTable('products').onDelete('CASCADE');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('product_images');
  await knex.schema.dropTableIfExists('products');
  await knex.schema.dropTableIfExists('brands');
  await knex.schema.dropTableIfExists('categories');
}

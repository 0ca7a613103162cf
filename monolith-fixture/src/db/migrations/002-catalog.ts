import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('categories', (t) => {
    t.increments('id');
    t.string('name', 100).notNullable();
    t.string('slug', 100).notNullable().unique();
    t.integer('parent_id').nullable().references('id').inTable('categories');
  });
  await knex.schema.createTable('brands', (t) => {
    t.increments('id');
    t.string('name', 100).notNullable();
    t.string('slug', 100).notNullable().unique();
    t.string('country', 2).notNullable();
  });
  await knex.schema.createTable('products', (t) => {
    t.increments('id');
    t.string('sku', 40).notNullable().unique();
    t.string('name', 200).notNullable();
    t.string('slug', 200).notNullable();
    t.text('description').notNullable();
    t.integer('price_cents').notNullable();
    t.string('currency', 3).notNullable().defaultTo('EUR');
    t.integer('category_id').notNullable().references('id').inTable('categories');
    t.integer('brand_id').notNullable().references('id').inTable('brands');
    t.boolean('active').notNullable().defaultTo(true);
    t.timestamp('created_at').notNullable();
    t.timestamp('updated_at').notNullable();
    t.index(['category_id']);
    t.index(['brand_id']);
  });
  await knex.schema.createTable('product_images', (t) => {
    t.increments('id');
    t.integer('product_id').notNullable().references('products.id').onDelete('CASCADE');
    t.string('url', 300).notNullable();
    t.string('alt', 200).notNullable();
    t.integer('position').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('product_images');
  await knex.schema.dropTableIfExists('products');
  await knex.schema.dropTableIfExists('brands');
  await knex.schema.dropTableIfExists('categories');
}

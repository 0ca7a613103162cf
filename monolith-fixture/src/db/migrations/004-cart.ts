import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('carts', (t) => {
    t.increments('id');
    t.integer('user_id').notNullable().unique().references('id').inTable('users');
    t.timestamp('created_at').notNullable();
    t.timestamp('updated_at').notNullable();
  });
  await knex.schema.createTable('cart_items', (t) => {
    t.increments('id');
    t.integer('cart_id').notNullable().references('id').inTable('carts').onDelete('CASCADE');
    t.integer('product_id').notNullable().references('id').inTable('products');
    t.integer('quantity').notNullable();
    t.timestamp('added_at').notNullable();
    t.unique(['cart_id', 'product_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('cart_items');
  await knex.schema.dropTableIfExists('carts');
}

import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('reviews', (t) => {
    t.increments('id');
    t.integer('product_id').notNullable().references('id').inTable('products');
    t.integer('user_id').notNullable().references('id').inTable('users');
    t.integer('rating').notNullable();
    t.string('title', 200).notNullable();
    t.text('body').notNullable();
    t.timestamp('created_at').notNullable();
    t.index(['product_id']);
  });
  await knex.schema.createTable('review_votes', (t) => {
    t.increments('id');
    t.integer('review_id').notNullable().references('id').inTable('reviews').onDelete('CASCADE');
    t.integer('user_id').notNullable().references('id').inTable('users');
    t.boolean('helpful').notNullable();
    t.timestamp('created_at').notNullable();
    t.unique(['review_id', 'user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('review_votes');
  await knex.schema.dropTableIfExists('reviews');
}

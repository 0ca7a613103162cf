import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('coupons', (t) => {
    t.increments('id');
    t.string('code', 40).notNullable().unique();
    t.integer('percent_off').notNullable();
    t.boolean('active').notNullable().defaultTo(true);
    t.integer('times_used').notNullable().defaultTo(0);
    t.integer('max_uses').nullable();
  });
  await knex.schema.createTable('orders', (t) => {
    t.increments('id');
    t.integer('user_id').notNullable().references('id').inTable('users');
    t.string('status', 20).notNullable();
    t.integer('subtotal_cents').notNullable();
    t.integer('discount_cents').notNullable().defaultTo(0);
    t.integer('total_cents').notNullable();
    t.integer('coupon_id').nullable().references('id').inTable('coupons');
    t.integer('shipping_address_id').nullable().references('id').inTable('addresses');
    t.timestamp('created_at').notNullable();
    t.timestamp('updated_at').notNullable();
    t.index(['user_id']);
  });
  await knex.schema.createTable('order_items', (t) => {
    t.increments('id');
    t.integer('order_id').notNullable().references('id').inTable('orders').onDelete('CASCADE');
    t.integer('product_id').notNullable().references('id').inTable('products');
    t.integer('quantity').notNullable();
    t.integer('unit_price_cents').notNullable();
  });
  await knex.schema.createTable('order_status_history', (t) => {
    t.increments('id');
    t.integer('order_id').notNullable().references('orders.id').onDelete('CASCADE');
    t.string('from_status', 20).nullable();
    t.string('to_status', 20).notNullable();
    t.string('note', 200).nullable();
    t.timestamp('created_at').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('order_status_history');
  await knex.schema.dropTableIfExists('order_items');
  await knex.schema.dropTableIfExists('orders');
  await knex.schema.dropTableIfExists('coupons');
}

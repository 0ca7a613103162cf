import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('shipping_rates', (t) => {
    t.increments('id');
    t.string('country', 2).notNullable();
    t.string('carrier', 40).notNullable();
    t.string('service', 40).notNullable();
    t.integer('base_cents').notNullable();
    t.integer('per_item_cents').notNullable();
  });
  await knex.schema.createTable('shipments', (t) => {
    t.increments('id');
    t.integer('order_id').notNullable().references('id').inTable('orders');
    t.string('carrier', 40).notNullable();
    t.string('tracking_number', 60).notNullable().unique();
    t.string('status', 20).notNullable();
    t.timestamp('shipped_at').nullable();
    t.timestamp('delivered_at').nullable();
    t.timestamp('created_at').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('shipments');
  await knex.schema.dropTableIfExists('shipping_rates');
}

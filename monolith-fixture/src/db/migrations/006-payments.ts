import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('payments', (t) => {
    t.increments('id');
    t.integer('order_id').notNullable().references('id').inTable('orders');
    t.integer('amount_cents').notNullable();
    t.string('status', 20).notNullable();
    t.string('provider_ref', 60).notNullable();
    t.timestamp('created_at').notNullable();
  });
  await knex.schema.createTable('refunds', (t) => {
    t.increments('id');
    t.integer('payment_id').notNullable().references('id').inTable('payments');
    t.integer('amount_cents').notNullable();
    t.string('reason', 200).notNullable();
    t.timestamp('created_at').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('refunds');
  await knex.schema.dropTableIfExists('payments');
}

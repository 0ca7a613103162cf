import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('notifications', (t) => {
    t.increments('id');
    t.integer('user_id').notNullable().references('id').inTable('users');
    t.string('kind', 40).notNullable();
    t.string('message', 300).notNullable();
    t.timestamp('read_at').nullable();
    t.timestamp('created_at').notNullable();
  });
  await knex.schema.createTable('email_outbox', (t) => {
    t.increments('id');
    t.integer('notification_id').nullable().references('id').inTable('notifications');
    t.string('to_email', 200).notNullable();
    t.string('subject', 200).notNullable();
    t.string('status', 20).notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('updated_at').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('email_outbox');
  await knex.schema.dropTableIfExists('notifications');
}

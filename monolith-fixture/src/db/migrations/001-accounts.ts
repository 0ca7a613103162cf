import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('users', (t) => {
    t.increments('id');
    t.string('email', 200).notNullable().unique();
    t.string('name', 120).notNullable();
    t.string('password_hash', 200).notNullable();
    t.string('role', 20).notNullable().defaultTo('customer');
    t.timestamp('created_at').notNullable();
  });
  await knex.schema.createTable('addresses', (t) => {
    t.increments('id');
    t.integer('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.string('line1', 200).notNullable();
    t.string('city', 100).notNullable();
    t.string('postal_code', 20).notNullable();
    t.string('country', 2).notNullable();
    t.boolean('is_default').notNullable().defaultTo(false);
    t.timestamp('created_at').notNullable();
  });
  await knex.schema.createTable('sessions', (t) => {
    t.increments('id');
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.string('token', 80).notNullable().unique();
    t.timestamp('created_at').notNullable();
    t.timestamp('expires_at').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('sessions');
  await knex.schema.dropTableIfExists('addresses');
  await knex.schema.dropTableIfExists('users');
}

import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('report_runs', (t) => {
    t.increments('id');
    t.string('report', 60).notNullable();
    t.text('params').notNullable();
    t.integer('row_count').notNullable();
    t.timestamp('created_at').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('report_runs');
}

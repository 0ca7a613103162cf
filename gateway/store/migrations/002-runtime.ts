// Runtime route state (cutover changes that win over the config file) and the audit log of every change.
import type { StoreMigration } from './index.js';

export const runtimeMigration: StoreMigration = {
  name: '002-runtime',
  up: async (knex) => {
    await knex.schema.createTable('ficus_route_state', (t) => {
      t.string('route_id', 200).primary();
      t.string('mode', 16).notNullable();
      t.double('percent').notNullable();
      t.string('updated_by', 200).notNullable();
      t.bigInteger('updated_at').notNullable(); // epoch ms
    });
    await knex.schema.createTable('ficus_route_events', (t) => {
      t.increments('id').primary();
      t.bigInteger('at').notNullable(); // epoch ms
      t.string('route_id', 200).notNullable();
      t.string('action', 32).notNullable(); // cutover | refused | rollback | auto-rollback | reset
      t.string('from_mode', 16).notNullable();
      t.double('from_percent').notNullable();
      t.string('to_mode', 16).notNullable();
      t.double('to_percent').notNullable();
      t.boolean('forced').notNullable().defaultTo(false);
      t.string('who', 200).notNullable();
      t.text('why').notNullable();
      t.string('replica', 100).notNullable();
      t.text('evidence'); // JSON: the numbers the decision was made on
      t.index(['route_id', 'at']);
      t.index(['at']);
    });
  },
  down: async (knex) => {
    await knex.schema.dropTableIfExists('ficus_route_events');
    await knex.schema.dropTableIfExists('ficus_route_state');
  },
};

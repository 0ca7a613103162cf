// Progressive ramps (one row per route, so a ramp survives a restart) and leases, so one replica
// of a fleet at a time drives them.
import type { StoreMigration } from './index.js';

export const rampsMigration: StoreMigration = {
  name: '005-ramps',
  up: async (knex) => {
    await knex.schema.createTable('ficus_route_ramps', (t) => {
      t.string('route_id', 200).primary();
      t.text('steps').notNullable(); // JSON array of percents
      t.integer('hold_s').notNullable();
      t.integer('step_index').notNullable(); // the step the route is on
      t.bigInteger('step_started_at').notNullable(); // epoch ms
      t.bigInteger('held_ms').notNullable().defaultTo(0); // hold already served when paused
      t.string('status', 16).notNullable(); // running | paused | done | aborted | failed
      t.text('why');
      t.string('updated_by', 200).notNullable();
      t.bigInteger('updated_at').notNullable();
    });
    await knex.schema.createTable('ficus_leases', (t) => {
      t.string('name', 100).primary();
      t.string('holder', 200).notNullable();
      t.bigInteger('expires_at').notNullable();
    });
  },
  down: async (knex) => {
    await knex.schema.dropTableIfExists('ficus_leases');
    await knex.schema.dropTableIfExists('ficus_route_ramps');
  },
};

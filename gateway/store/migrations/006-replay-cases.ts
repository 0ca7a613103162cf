// Recorded exchanges of shadow routes (request and monolith answer, redacted), kept for `ficus replay`.
import type { StoreMigration } from './index.js';

export const replayCasesMigration: StoreMigration = {
  name: '006-replay-cases',
  up: async (knex) => {
    await knex.schema.createTable('ficus_replay_cases', (t) => {
      t.increments('id').primary();
      t.string('route_id', 200).notNullable();
      t.string('case_key', 64).notNullable(); // sha1 of method, url and request body: one case per distinct request
      t.bigInteger('recorded_at').notNullable(); // epoch ms
      t.text('data').notNullable(); // JSON ReplayCase, redacted before it is written
      t.unique(['route_id', 'case_key']);
    });
  },
  down: async (knex) => {
    await knex.schema.dropTableIfExists('ficus_replay_cases');
  },
};

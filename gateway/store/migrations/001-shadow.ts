// Shadow results. Counts are increments on rows keyed by (route, replica), so several gateway
// replicas on one PostgreSQL add up fleet-wide and each replica's share stays visible.
import type { Knex } from 'knex';
import type { StoreMigration } from './index.js';

export const shadowMigration: StoreMigration = {
  name: '001-shadow',
  up: async (knex: Knex) => {
    await knex.schema.createTable('shadow_counters', (t) => {
      t.string('route_id', 200).notNullable();
      t.string('replica_id', 120).notNullable();
      t.string('name', 64).notNullable(); // compared, matched, errors_service, skipped_write, …
      t.bigInteger('value').notNullable().defaultTo(0);
      t.bigInteger('updated_at').notNullable();
      t.primary(['route_id', 'replica_id', 'name']);
    });
    await knex.schema.createTable('shadow_fields', (t) => {
      t.string('route_id', 200).notNullable();
      t.string('replica_id', 120).notNullable();
      t.string('path', 512).notNullable(); // folded: $.items[*].price
      t.string('kind', 16).notNullable();
      t.bigInteger('raw_count').notNullable().defaultTo(0); // monolith vs service
      t.bigInteger('noise_count').notNullable().defaultTo(0); // monolith vs monolith
      t.primary(['route_id', 'replica_id', 'path', 'kind']);
    });
    // The set of fields that differed together in one exchange, so that once a field is known to
    // be noise its exchanges count as matched.
    await knex.schema.createTable('shadow_signatures', (t) => {
      t.string('route_id', 200).notNullable();
      t.string('replica_id', 120).notNullable();
      t.string('signature', 64).notNullable(); // sha1 of the sorted keys
      t.text('field_keys').notNullable(); // JSON array of "path kind"
      t.bigInteger('count').notNullable().defaultTo(0);
      t.primary(['route_id', 'replica_id', 'signature']);
    });
    await knex.schema.createTable('shadow_examples', (t) => {
      t.increments('id').primary();
      t.string('route_id', 200).notNullable();
      t.string('replica_id', 120).notNullable();
      t.string('path', 512).notNullable();
      t.string('kind', 16).notNullable();
      t.bigInteger('created_at').notNullable();
      t.text('example').notNullable(); // JSON, redacted and truncated before it is written
      t.index(['route_id', 'path', 'kind']);
    });
  },
  down: async (knex: Knex) => {
    for (const table of ['shadow_examples', 'shadow_signatures', 'shadow_fields', 'shadow_counters']) await knex.schema.dropTableIfExists(table);
  },
};

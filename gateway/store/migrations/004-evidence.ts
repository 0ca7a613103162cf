// Shadow evidence with a window and an epoch: per (route, replica, epoch, 10 s bucket) comparison
// counts, mismatch signatures and latency bins, so the promote guard can judge the last N
// comparisons (or minutes) made against the service's current version. Epochs start on an
// explicit reset or when the service answers with a new version header.
import type { StoreMigration } from './index.js';

export const evidenceMigration: StoreMigration = {
  name: '004-evidence',
  up: async (knex) => {
    await knex.schema.createTable('ficus_evidence_epochs', (t) => {
      t.increments('id').primary();
      t.string('route_id', 200).notNullable();
      t.bigInteger('started_at').notNullable(); // epoch ms
      t.string('version', 200); // the service version its comparisons were made against (null: unknown)
      t.string('cause', 16).notNullable(); // reset | version
      t.string('who', 200);
      t.text('why');
      t.string('replica', 120).notNullable();
      t.index(['route_id', 'id']);
    });
    await knex.schema.createTable('shadow_buckets', (t) => {
      t.string('route_id', 200).notNullable();
      t.string('replica_id', 120).notNullable();
      t.integer('epoch_id').notNullable();
      t.bigInteger('bucket').notNullable();
      t.bigInteger('compared').notNullable().defaultTo(0);
      t.bigInteger('matched').notNullable().defaultTo(0);
      t.bigInteger('unkept').notNullable().defaultTo(0);
      t.primary(['route_id', 'epoch_id', 'bucket', 'replica_id']);
    });
    await knex.schema.createTable('shadow_bucket_signatures', (t) => {
      t.string('route_id', 200).notNullable();
      t.string('replica_id', 120).notNullable();
      t.integer('epoch_id').notNullable();
      t.bigInteger('bucket').notNullable();
      t.string('signature', 64).notNullable();
      t.bigInteger('count').notNullable().defaultTo(0);
      t.primary(['route_id', 'epoch_id', 'bucket', 'replica_id', 'signature']);
    });
    await knex.schema.createTable('shadow_bucket_latency', (t) => {
      t.string('route_id', 200).notNullable();
      t.string('replica_id', 120).notNullable();
      t.integer('epoch_id').notNullable();
      t.bigInteger('bucket').notNullable();
      t.string('side', 16).notNullable(); // monolith | service
      t.integer('bin').notNullable(); // latency-histogram bin
      t.bigInteger('count').notNullable().defaultTo(0);
      t.primary(['route_id', 'epoch_id', 'bucket', 'replica_id', 'side', 'bin']);
    });
  },
  down: async (knex) => {
    for (const table of ['shadow_bucket_latency', 'shadow_bucket_signatures', 'shadow_buckets', 'ficus_evidence_epochs']) await knex.schema.dropTableIfExists(table);
  },
};

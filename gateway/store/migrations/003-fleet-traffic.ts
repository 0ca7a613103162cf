// Per-replica, per-second service request and failure counts, summed by every replica to judge a
// route's error rate fleet-wide (auto-rollback), since each replica sees only its share of traffic.
import type { StoreMigration } from './index.js';

export const fleetTrafficMigration: StoreMigration = {
  name: '003-fleet-traffic',
  up: async (knex) => {
    await knex.schema.createTable('ficus_route_traffic', (t) => {
      t.string('replica', 100).notNullable();
      t.string('route_id', 200).notNullable();
      t.bigInteger('second').notNullable(); // epoch second
      t.integer('requests').notNullable();
      t.integer('failures').notNullable();
      t.primary(['replica', 'route_id', 'second']);
      t.index(['route_id', 'second']);
    });
  },
  down: async (knex) => {
    await knex.schema.dropTableIfExists('ficus_route_traffic');
  },
};

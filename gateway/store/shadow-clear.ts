// Starting a route's shadow results over, e.g. after a service fix: old differences would
// otherwise hold its match rate (and the promote guard) down for good.
import type { Knex } from 'knex';

const TABLES = ['shadow_counters', 'shadow_fields', 'shadow_signatures', 'shadow_examples', 'shadow_buckets', 'shadow_bucket_signatures', 'shadow_bucket_latency'] as const;

/** Deletes a route's shadow counts, fields and examples for every replica; returns the rows deleted. */
export async function clearRouteDiffs(store: { knex: Knex }, routeId: string): Promise<number> {
  return store.knex.transaction(async (trx) => {
    let deleted = 0;
    for (const table of TABLES) deleted += await trx(table).where({ route_id: routeId }).delete();
    return deleted;
  });
}

// Fleet-wide service traffic counts per route and second (migration 003-fleet-traffic).
import type { Knex } from 'knex';

export interface TrafficCount {
  routeId: string;
  second: number;
  requests: number;
  failures: number;
}

export interface RouteTrafficStore {
  /** Adds this replica's counts (increments, so a retried batch must not be sent twice). */
  addCounts(replica: string, counts: TrafficCount[]): Promise<void>;
  /** Sum over every replica of the seconds ≥ `fromSecond`. */
  sumSince(routeId: string, fromSecond: number): Promise<{ requests: number; failures: number }>;
  /** Deletes counts older than `beforeSecond`. */
  prune(beforeSecond: number): Promise<void>;
}

/** Reads and writes `ficus_route_traffic`. */
export function createRouteTrafficStore(knex: Knex): RouteTrafficStore {
  const table = 'ficus_route_traffic';
  return {
    addCounts: async (replica, counts) => {
      if (counts.length === 0) return;
      const rows = counts.map((c) => ({ replica, route_id: c.routeId, second: c.second, requests: c.requests, failures: c.failures }));
      await knex(table)
        .insert(rows)
        .onConflict(['replica', 'route_id', 'second'])
        .merge({ requests: knex.raw('?? + excluded.requests', [`${table}.requests`]), failures: knex.raw('?? + excluded.failures', [`${table}.failures`]) });
    },
    sumSince: async (routeId, fromSecond) => {
      const [row] = (await knex(table)
        .where({ route_id: routeId })
        .andWhere('second', '>=', fromSecond)
        .sum({ requests: 'requests', failures: 'failures' })) as Array<{ requests: number | string | null; failures: number | string | null }>;
      return { requests: Number(row?.requests ?? 0), failures: Number(row?.failures ?? 0) };
    },
    prune: async (beforeSecond) => {
      await knex(table).where('second', '<', beforeSecond).delete();
    },
  };
}

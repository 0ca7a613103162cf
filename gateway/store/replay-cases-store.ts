// Replay cases in the store: at most `maxPerRoute` distinct requests per route (the first ones
// seen; a case already kept is not written again), read back oldest first.
import type { Knex } from 'knex';

export interface StoredCase {
  routeId: string;
  key: string;
  recordedAt: number;
  data: unknown; // a replay case, serialised as JSON; its shape is the replay component's
}

export interface ReplayCaseStore {
  /** Writes the cases that are new and fit; returns how many were written. */
  addCases(cases: readonly StoredCase[], maxPerRoute: number): Promise<number>;
  listCases(routeId: string, limit?: number): Promise<unknown[]>;
}

export function createReplayCaseStore(knex: Knex): ReplayCaseStore {
  return {
    async addCases(cases, maxPerRoute) {
      let written = 0;
      const byRoute = new Map<string, StoredCase[]>();
      for (const c of cases) byRoute.set(c.routeId, [...(byRoute.get(c.routeId) ?? []), c]);
      await knex.transaction(async (trx) => {
        for (const [routeId, list] of byRoute) {
          const [{ n }] = await trx('ficus_replay_cases').where({ route_id: routeId }).count({ n: '*' });
          const room = maxPerRoute - Number(n);
          if (room <= 0) continue;
          const rows = list.slice(0, room).map((c) => ({ route_id: routeId, case_key: c.key, recorded_at: c.recordedAt, data: JSON.stringify(c.data) }));
          const inserted = await trx('ficus_replay_cases').insert(rows).onConflict(['route_id', 'case_key']).ignore().returning('id');
          written += inserted.length;
        }
      });
      return written;
    },
    async listCases(routeId, limit = 10_000) {
      const rows = await knex('ficus_replay_cases').where({ route_id: routeId }).orderBy('id', 'asc').limit(limit).select('data');
      return rows.map((r: { data: string }) => JSON.parse(r.data) as unknown);
    },
  };
}

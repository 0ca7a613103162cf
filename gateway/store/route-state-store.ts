// Runtime route state in the store: the cutover changes that win over the config file until reset.
import type { Knex } from 'knex';
import type { Mode } from '../config/schema.js';
import type { RouteOverrides } from '../hooks.js';

export interface RouteStateRow {
  routeId: string;
  mode: Mode;
  percent: number;
  updatedBy: string;
  updatedAt: number;
}

export interface RouteStateStore {
  /** Every runtime override, keyed by route id. */
  readOverrides(): Promise<RouteOverrides>;
  readStates(): Promise<RouteStateRow[]>;
  writeState(state: RouteStateRow): Promise<void>;
  /** Removes the runtime state so the route falls back to the file; true when there was one. */
  deleteState(routeId: string): Promise<boolean>;
}

interface Row {
  route_id: string;
  mode: Mode;
  percent: number | string;
  updated_by: string;
  updated_at: number | string; // bigint comes back as a string from pg
}

/** Reads and writes `ficus_route_state` (migration 002-runtime). */
export function createRouteStateStore(knex: Knex): RouteStateStore {
  const table = 'ficus_route_state';
  const readStates = async (): Promise<RouteStateRow[]> => {
    const rows = (await knex<Row>(table).select('*').orderBy('route_id')) as Row[];
    return rows.map((r) => ({
      routeId: r.route_id,
      mode: r.mode,
      percent: Number(r.percent),
      updatedBy: r.updated_by,
      updatedAt: Number(r.updated_at),
    }));
  };
  return {
    readStates,
    readOverrides: async () => {
      const out: RouteOverrides = {};
      for (const s of await readStates()) out[s.routeId] = { mode: s.mode, percent: s.percent };
      return out;
    },
    writeState: async (s) => {
      await knex(table)
        .insert({ route_id: s.routeId, mode: s.mode, percent: s.percent, updated_by: s.updatedBy, updated_at: s.updatedAt })
        .onConflict('route_id')
        .merge();
    },
    deleteState: async (routeId) => (await knex(table).where({ route_id: routeId }).delete()) > 0,
  };
}

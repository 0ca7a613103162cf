// Progressive ramps in the store (migration 005-ramps): where each route's ramp stands.
import type { Knex } from 'knex';

export type RampStatus = 'running' | 'paused' | 'done' | 'aborted' | 'failed';

export interface RampState {
  routeId: string;
  steps: number[];
  holdS: number;
  stepIndex: number;
  stepStartedAt: number;
  heldMs: number;
  status: RampStatus;
  why: string | null;
  updatedBy: string;
  updatedAt: number;
}

interface Row {
  route_id: string;
  steps: string;
  hold_s: number | string;
  step_index: number | string;
  step_started_at: number | string;
  held_ms: number | string;
  status: RampStatus;
  why: string | null;
  updated_by: string;
  updated_at: number | string;
}

const toState = (r: Row): RampState => ({
  routeId: r.route_id,
  steps: JSON.parse(r.steps) as number[],
  holdS: Number(r.hold_s),
  stepIndex: Number(r.step_index),
  stepStartedAt: Number(r.step_started_at),
  heldMs: Number(r.held_ms),
  status: r.status,
  why: r.why,
  updatedBy: r.updated_by,
  updatedAt: Number(r.updated_at),
});

export interface RouteRampsStore {
  read(routeId: string): Promise<RampState | undefined>;
  list(): Promise<RampState[]>;
  write(state: RampState): Promise<void>;
}

export function createRouteRampsStore(knex: Knex): RouteRampsStore {
  const table = 'ficus_route_ramps';
  return {
    read: async (routeId) => {
      const row = (await knex(table).where({ route_id: routeId }).first()) as Row | undefined;
      return row ? toState(row) : undefined;
    },
    list: async () => ((await knex(table).select('*').orderBy('route_id')) as Row[]).map(toState),
    write: async (s) => {
      await knex(table)
        .insert({
          route_id: s.routeId,
          steps: JSON.stringify(s.steps),
          hold_s: s.holdS,
          step_index: s.stepIndex,
          step_started_at: s.stepStartedAt,
          held_ms: s.heldMs,
          status: s.status,
          why: s.why,
          updated_by: s.updatedBy,
          updated_at: s.updatedAt,
        })
        .onConflict('route_id')
        .merge();
    },
  };
}

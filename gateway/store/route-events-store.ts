// The audit log: every change of a route's mode or percent, by whom and why, automatic ones included.
import type { Knex } from 'knex';
import type { Mode } from '../config/schema.js';

// `refused`: a promotion the guard stopped (the route did not move; `to` is what was asked).
// `evidence-reset`: shadow evidence starts a new epoch (the route did not move).
// `ramp`: a progressive ramp started, paused, resumed, aborted, finished or failed (steps are `cutover`s by "ficus (ramp)").
export type RouteEventAction = 'cutover' | 'refused' | 'rollback' | 'auto-rollback' | 'reset' | 'evidence-reset' | 'ramp';

export interface RouteEvent {
  id: number;
  at: number; // epoch ms
  routeId: string;
  action: RouteEventAction;
  from: { mode: Mode; percent: number };
  to: { mode: Mode; percent: number };
  forced: boolean;
  who: string;
  why: string;
  replica: string;
  evidence: Record<string, unknown> | null;
}

export type NewRouteEvent = Omit<RouteEvent, 'id'>;

export interface RouteEventsStore {
  appendEvent(event: NewRouteEvent): Promise<RouteEvent>;
  /** Newest first. */
  listEvents(options?: { routeId?: string; limit?: number }): Promise<RouteEvent[]>;
}

interface Row {
  id: number;
  at: number | string;
  route_id: string;
  action: RouteEventAction;
  from_mode: Mode;
  from_percent: number | string;
  to_mode: Mode;
  to_percent: number | string;
  forced: boolean | number;
  who: string;
  why: string;
  replica: string;
  evidence: string | null;
}

function toEvent(r: Row): RouteEvent {
  return {
    id: Number(r.id),
    at: Number(r.at),
    routeId: r.route_id,
    action: r.action,
    from: { mode: r.from_mode, percent: Number(r.from_percent) },
    to: { mode: r.to_mode, percent: Number(r.to_percent) },
    forced: Boolean(r.forced),
    who: r.who,
    why: r.why,
    replica: r.replica,
    evidence: r.evidence ? (JSON.parse(r.evidence) as Record<string, unknown>) : null,
  };
}

/** Reads and appends `ficus_route_events` (migration 002-runtime). */
export function createRouteEventsStore(knex: Knex): RouteEventsStore {
  const table = 'ficus_route_events';
  return {
    appendEvent: async (e) => {
      const row = {
        at: e.at,
        route_id: e.routeId,
        action: e.action,
        from_mode: e.from.mode,
        from_percent: e.from.percent,
        to_mode: e.to.mode,
        to_percent: e.to.percent,
        forced: e.forced,
        who: e.who,
        why: e.why,
        replica: e.replica,
        evidence: e.evidence ? JSON.stringify(e.evidence) : null,
      };
      const [inserted] = (await knex(table).insert(row).returning('id')) as Array<{ id: number } | number>;
      const id = typeof inserted === 'number' ? inserted : inserted.id;
      return { ...e, id: Number(id) };
    },
    listEvents: async ({ routeId, limit = 100 } = {}) => {
      const q = knex<Row>(table).select('*').orderBy('id', 'desc').limit(Math.max(1, Math.min(limit, 1000)));
      if (routeId) q.where({ route_id: routeId });
      return ((await q) as Row[]).map(toEvent);
    },
  };
}

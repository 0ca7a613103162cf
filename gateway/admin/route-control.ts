// Runtime control of the route table: validated cutover changes, rollbacks and resets, each written
// to the store, applied atomically through gateway.setRouteOverrides, and recorded in the audit log.
import type { Logger } from 'pino';
import { z } from 'zod';
import { formatProblemList, problemsFromIssues } from '../../common/config-problem.js';
import { modeSchema, type GatewayConfig, type Mode, type RouteConfig } from '../config/schema.js';
import type { RouteOverrides } from '../hooks.js';
import type { RouteStateStore } from '../store/route-state-store.js';
import type { NewRouteEvent, RouteEvent, RouteEventAction, RouteEventsStore } from '../store/route-events-store.js';
import { AdminError } from './errors.js';
import { checkPromotion, describeShortfalls, type ShadowEvidence } from './promote-guard.js';
import type { WriteRefusal } from './sync-guard.js';

export const routeChangeSchema = z
  .strictObject({
    mode: modeSchema.optional(),
    percent: z.number().min(0).max(100).optional(),
    force: z.boolean().default(false),
    reason: z.string().trim().max(500).optional(),
  })
  .refine((c) => c.mode !== undefined || c.percent !== undefined, { message: 'give a mode, a percent, or both' });
export type RouteChange = z.input<typeof routeChangeSchema>;

export interface RouteState {
  mode: Mode;
  percent: number;
  source: 'config' | 'runtime';
}

export interface ChangeOutcome {
  routeId: string;
  changed: boolean;
  state: RouteState;
  event: RouteEvent | null;
}

/** The parts of the gateway route control needs (a Gateway satisfies it). */
export interface ControlledGateway {
  config(): GatewayConfig;
  setRouteOverrides(overrides: RouteOverrides): void;
}

export interface RouteControlOptions {
  gateway: ControlledGateway;
  routeStates: RouteStateStore;
  events: RouteEventsStore;
  readEvidence: (routeId: string) => Promise<ShadowEvidence>;
  /** The one-writer-per-table guard (sync-guard.ts): a refusal, or undefined. */
  checkWrites?: (route: RouteConfig, to: { mode: Mode; percent: number }) => Promise<WriteRefusal | undefined>;
  /** Starts a new shadow evidence epoch for the route; returns what describes it in the audit log. */
  startEvidenceEpoch?: (routeId: string, who: string, why: string) => Promise<Record<string, unknown>>;
  logger: Logger;
  now: () => number;
  replica: string; // this gateway process, named in events
  onStateWritten?: () => void; // fleet: tell the other replicas
  onRoutesChanged?: (routeIds: string[]) => void; // a route's live state changed here (any replica's doing)
}

export interface RouteControl {
  /** Loads the runtime state from the store and applies it (at start, and when another replica changed it). */
  refresh(): Promise<void>;
  stateOf(routeId: string): RouteState;
  route(routeId: string): RouteConfig;
  change(routeId: string, change: RouteChange, who: string): Promise<ChangeOutcome>;
  rollback(routeId: string, who: string, why: string, auto?: { evidence: Record<string, unknown> }): Promise<ChangeOutcome>;
  reset(routeId: string, who: string, why: string): Promise<ChangeOutcome>;
  /** Starts the route's shadow evidence over (after a fix is deployed), audited; the route does not move. */
  resetEvidence(routeId: string, who: string, why: string): Promise<{ routeId: string; epoch: Record<string, unknown>; event: RouteEvent }>;
  /** Records an event about the route that does not move it (ramp start, pause, …). */
  audit(routeId: string, action: RouteEventAction, who: string, why: string, evidence: Record<string, unknown> | null): Promise<RouteEvent>;
  /** Writes automatic rollbacks the store could not take when they happened; call periodically. */
  retryUnstored(): Promise<void>;
}

// Key order differs between the store (sorted) and local changes (insertion order).
function sameOverrides(a: RouteOverrides, b: RouteOverrides): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => b[k] !== undefined && a[k].mode === b[k].mode && a[k].percent === b[k].percent);
}

/** Creates the controller; call `refresh()` once before serving so a restart comes back in the same state. */
export function createRouteControl(options: RouteControlOptions): RouteControl {
  const { gateway, routeStates, events, logger, now, replica } = options;
  let overrides: RouteOverrides = {};
  // Automatic rollbacks made while the store was down: in force on this replica, written when it is back.
  const unstored = new Map<string, { state: { mode: Mode; percent: number }; persist: () => Promise<RouteEvent> }>();
  // Changes run one at a time so each one reads the state the previous one left.
  let queue: Promise<unknown> = Promise.resolve();
  const serialize = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };

  // Routes by id, rebuilt when the config object is swapped: auto-rollback asks on every service
  // exchange, and a scan of the route list cost microseconds per request.
  let routesOf: { config: GatewayConfig; byId: Map<string, RouteConfig> } | undefined;
  const route = (routeId: string): RouteConfig => {
    const config = gateway.config();
    if (routesOf?.config !== config) routesOf = { config, byId: new Map(config.routes.map((x) => [x.id, x])) };
    const r = routesOf.byId.get(routeId);
    if (!r) throw new AdminError('FICUS_ADMIN_UNKNOWN_ROUTE', `no route "${routeId}" in the gateway config`, { routeId });
    return r;
  };

  const stateOf = (routeId: string): RouteState => {
    const o = overrides[routeId];
    if (o) return { mode: o.mode, percent: o.percent, source: 'runtime' };
    const r = route(routeId);
    return { mode: r.mode, percent: r.percent, source: 'config' };
  };

  const apply = (next: RouteOverrides): void => {
    const changed = [...new Set([...Object.keys(overrides), ...Object.keys(next)])].filter(
      (id) => overrides[id]?.mode !== next[id]?.mode || overrides[id]?.percent !== next[id]?.percent,
    );
    overrides = next;
    gateway.setRouteOverrides({ ...next });
    if (changed.length) options.onRoutesChanged?.(changed);
  };

  const record = async (
    routeId: string,
    action: RouteEventAction,
    from: RouteState,
    to: RouteState,
    who: string,
    why: string,
    extra: Pick<NewRouteEvent, 'forced' | 'evidence'>,
  ): Promise<RouteEvent> =>
    events.appendEvent({
      at: now(),
      routeId,
      action,
      from: { mode: from.mode, percent: from.percent },
      to: { mode: to.mode, percent: to.percent },
      who,
      why,
      replica,
      ...extra,
    });

  // Store first, then the live table: a change the store did not take is not applied anywhere.
  const setState = async (routeId: string, to: { mode: Mode; percent: number }, who: string): Promise<RouteState> => {
    await routeStates.writeState({ routeId, mode: to.mode, percent: to.percent, updatedBy: who, updatedAt: now() });
    unstored.delete(routeId); // what is in the store now supersedes a rollback waiting to be written
    apply({ ...overrides, [routeId]: { mode: to.mode, percent: to.percent } });
    options.onStateWritten?.();
    return { ...to, source: 'runtime' };
  };

  const validate = (r: RouteConfig, to: { mode: Mode; percent: number }): string[] => {
    const problems: string[] = [];
    if (to.mode !== 'monolith' && !r.service) problems.push(`mode: route "${r.id}" has no service, so it can only be in monolith mode`);
    if (to.mode === 'canary' && to.percent <= 0) problems.push('percent: canary needs a percent above 0 (e.g. --percent 10)');
    return problems;
  };

  return {
    route,
    stateOf,

    refresh: () =>
      serialize(async () => {
        const next = await routeStates.readOverrides();
        for (const [id, u] of unstored) next[id] = u.state;
        if (!sameOverrides(next, overrides)) apply(next);
      }),

    change: (routeId, input, who) =>
      serialize(async () => {
        const parsed = routeChangeSchema.safeParse(input);
        if (!parsed.success) {
          const problems = problemsFromIssues(parsed.error.issues).map((p) => formatProblemList([p], ''));
          throw new AdminError('FICUS_ADMIN_INVALID_CHANGE', problems.join('; '), { problems });
        }
        const c = parsed.data;
        const r = route(routeId);
        const from = stateOf(routeId);
        const to = { mode: c.mode ?? from.mode, percent: c.percent ?? from.percent };
        const problems = validate(r, to);
        if (problems.length) throw new AdminError('FICUS_ADMIN_INVALID_CHANGE', problems.join('; '), { problems });
        if (to.mode === from.mode && to.percent === from.percent && from.source === 'runtime') {
          return { routeId, changed: false, state: from, event: null };
        }

        // Not overridable by force: the writes would be lost, not merely unproven.
        const writeRefusal = await options.checkWrites?.(r, to);
        if (writeRefusal) {
          await record(routeId, 'refused', from, { ...to, source: from.source }, who, `sync still runs towards the service: ${writeRefusal.message}`, { forced: false, evidence: null }).catch(
            (err: unknown) => logger.warn({ err, routeId }, 'could not audit a refused write move'),
          );
          throw new AdminError('FICUS_ADMIN_SYNC_RUNNING', writeRefusal.message, { routeId, ...writeRefusal.details });
        }
        const evidence = await options.readEvidence(routeId);
        const verdict = checkPromotion(from, to, evidence, r.guard.promote);
        if (!verdict.allowed && !c.force) {
          const refusal = `guard refused: ${describeShortfalls(verdict.shortfalls)}${c.reason ? ` (asked: ${c.reason})` : ''}`;
          await record(routeId, 'refused', from, { ...to, source: from.source }, who, refusal, {
            forced: false,
            evidence: { ...evidence, shortfalls: verdict.shortfalls },
          }).catch((err: unknown) => logger.warn({ err, routeId }, 'could not audit a refused promotion')); // the refusal stands
          throw new AdminError(
            'FICUS_ADMIN_GUARD_REFUSED',
            `not enough shadow evidence to move "${routeId}" to ${to.mode}: ${describeShortfalls(verdict.shortfalls)}`,
            { routeId, shortfalls: verdict.shortfalls, evidence, required: r.guard.promote },
          );
        }
        const forced = !verdict.allowed && c.force;
        const state = await setState(routeId, to, who);
        const why = c.reason || (forced ? 'forced without enough shadow evidence' : 'manual change');
        const event = await record(routeId, 'cutover', from, state, who, why, {
          forced,
          evidence: verdict.guarded ? { ...evidence, shortfalls: verdict.shortfalls } : null,
        });
        logger.info({ routeId, from, to: state, who, forced, why }, 'route changed');
        return { routeId, changed: true, state, event };
      }),

    rollback: (routeId, who, why, auto) =>
      serialize(async () => {
        const r = route(routeId);
        const from = stateOf(routeId);
        const to = { mode: r.guard.rollback.to as Mode, percent: from.percent };
        if (from.mode === to.mode || (auto && from.mode !== 'canary' && from.mode !== 'service')) {
          return { routeId, changed: false, state: from, event: null };
        }
        const persist = async (): Promise<RouteEvent> => {
          const state = await setState(routeId, to, who);
          return record(routeId, auto ? 'auto-rollback' : 'rollback', from, state, who, why, { forced: false, evidence: auto?.evidence ?? null });
        };
        if (!auto) {
          const event = await persist();
          logger.warn({ routeId, from, to: event.to, who, why }, 'route rolled back');
          return { routeId, changed: true, state: stateOf(routeId), event };
        }
        logger.error({ routeId, from, to, ...auto.evidence }, `automatic rollback of ${routeId}: ${why}`);
        try {
          return { routeId, changed: true, state: stateOf(routeId), event: await persist() };
        } catch (err) {
          // A failing service must stop getting this replica's traffic even while the store is down.
          unstored.set(routeId, { state: to, persist });
          apply({ ...overrides, [routeId]: to });
          logger.error({ err, routeId }, `store unreachable: the automatic rollback of ${routeId} applies on this replica only until it can be written`);
          return { routeId, changed: true, state: stateOf(routeId), event: null };
        }
      }),

    retryUnstored: () =>
      serialize(async () => {
        for (const [routeId, u] of [...unstored]) {
          try {
            await u.persist();
            logger.warn({ routeId }, `automatic rollback of ${routeId} written to the store`);
          } catch {
            return; // still down; the next retry tries again
          }
        }
      }),

    audit: (routeId, action, who, why, evidence) => {
      const state = stateOf(routeId);
      return record(routeId, action, state, state, who, why, { forced: false, evidence });
    },

    resetEvidence: (routeId, who, why) =>
      serialize(async () => {
        route(routeId); // unknown route: 404 before anything is written
        if (!options.startEvidenceEpoch) throw new AdminError('FICUS_ADMIN_INVALID_CHANGE', 'this gateway keeps no shadow evidence', { routeId });
        const state = stateOf(routeId);
        const reason = why || 'shadow evidence reset';
        const epoch = await options.startEvidenceEpoch(routeId, who, reason);
        const event = await record(routeId, 'evidence-reset', state, state, who, reason, { forced: false, evidence: { epoch } });
        logger.info({ routeId, who, epoch }, 'shadow evidence reset');
        return { routeId, epoch, event };
      }),

    reset: (routeId, who, why) =>
      serialize(async () => {
        const r = route(routeId);
        const from = stateOf(routeId);
        if (from.source === 'config') return { routeId, changed: false, state: from, event: null };
        await routeStates.deleteState(routeId);
        unstored.delete(routeId);
        const { [routeId]: _dropped, ...rest } = overrides;
        apply(rest);
        options.onStateWritten?.();
        const state: RouteState = { mode: r.mode, percent: r.percent, source: 'config' };
        const event = await record(routeId, 'reset', from, state, who, why || 'runtime state reset to the config file', { forced: false, evidence: null });
        logger.info({ routeId, from, to: state, who }, 'route reset to config');
        return { routeId, changed: true, state, event };
      }),
  };
}

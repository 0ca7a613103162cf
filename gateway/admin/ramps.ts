// Progressive ramps: a route steps through canary percents on its own, each held for holdS while
// the canary stays healthy; a failing step rolls the route back and stops the ramp. The state is
// in the store (a restart picks it up), and one replica at a time drives every ramp through a lease.
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { rampSchema, type Mode } from '../config/schema.js';
import { acquireLease, releaseLease } from '../store/leases.js';
import type { RampState, RouteRampsStore } from '../store/route-ramps-store.js';
import { AdminError } from './errors.js';
import { judgeRampStep } from './judge-ramp-step.js';
import type { RouteControl } from './route-control.js';
import type { TrafficWindow } from './traffic-window.js';

export const RAMP_WHO = 'ficus (ramp)';
const LEASE = 'ramp-driver';

export interface RampView extends RampState {
  percent: number; // the current step
  holdRemainingS: number | null; // while running
}

export interface Ramps {
  start(routeId: string, plan: { steps?: number[]; holdS?: number }, who: string, why: string): Promise<RampView>;
  pause(routeId: string, who: string): Promise<RampView>;
  resume(routeId: string, who: string): Promise<RampView>;
  abort(routeId: string, who: string, why: string): Promise<RampView>;
  status(routeId?: string): Promise<RampView[]>;
  /** One pass over running ramps (the lease holder's job; exposed for tests). */
  tick(): Promise<void>;
  startLoop(): void;
  close(): Promise<void>;
}

export interface RampsOptions {
  control: RouteControl;
  store: RouteRampsStore;
  knex: Knex;
  traffic: TrafficWindow;
  logger: Logger;
  now: () => number;
  replica: string;
  intervalMs?: number;
}

const target = (percent: number): { mode: Mode; percent: number } => (percent >= 100 ? { mode: 'service', percent: 100 } : { mode: 'canary', percent });

/** Creates the ramps; `startLoop()` begins driving them (when this replica holds the lease). */
export function createRamps(o: RampsOptions): Ramps {
  const { control, store, logger, now } = o;
  const intervalMs = o.intervalMs ?? 1000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const view = (s: RampState): RampView => ({
    ...s,
    percent: s.steps[s.stepIndex],
    holdRemainingS: s.status === 'running' ? Math.max(0, Math.ceil((s.stepStartedAt + s.holdS * 1000 - now()) / 1000)) : s.status === 'paused' ? Math.max(0, Math.ceil((s.holdS * 1000 - s.heldMs) / 1000)) : null,
  });

  const current = async (routeId: string, wanted: RampState['status'][]): Promise<RampState> => {
    control.route(routeId); // 404 for an unknown route
    const s = await store.read(routeId);
    if (!s || !wanted.includes(s.status)) {
      throw new AdminError('FICUS_ADMIN_RAMP_CONFLICT', `route "${routeId}" has no ${wanted.join(' or ')} ramp${s ? ` (its last ramp is ${s.status})` : ''}`, { routeId, status: s?.status ?? null });
    }
    return s;
  };

  const save = async (s: RampState, who: string, why: string | null, event: string): Promise<RampView> => {
    const next = { ...s, why, updatedBy: who, updatedAt: now() };
    await store.write(next);
    await control.audit(s.routeId, 'ramp', who, `${event}${why ? `: ${why}` : ''}`, { steps: s.steps, holdS: s.holdS, step: s.steps[s.stepIndex], status: s.status });
    return view(next);
  };

  async function step(s: RampState): Promise<void> {
    const route = control.route(s.routeId);
    const state = control.stateOf(s.routeId);
    const expected = target(s.steps[s.stepIndex]);
    if (state.mode !== expected.mode || state.percent !== expected.percent) {
      // An automatic rollback or an operator moved the route: the ramp stops where it is.
      await save({ ...s, status: 'failed' }, RAMP_WHO, `the route left the ramp (now ${state.mode} ${state.percent}%)`, 'ramp stopped');
      return;
    }
    const rollback = route.guard.rollback;
    const verdict = judgeRampStep(
      {
        steps: s.steps,
        stepIndex: s.stepIndex,
        holdS: s.holdS,
        elapsedMs: now() - s.stepStartedAt,
        window: o.traffic.read(s.routeId, Math.max(rollback.windowS, s.holdS)).window,
        latency: o.traffic.readLatency(s.routeId, Math.max(rollback.windowS, s.holdS)),
      },
      rollback,
    );
    if (verdict.action === 'hold') return;
    if (verdict.action === 'done') {
      await save({ ...s, status: 'done' }, RAMP_WHO, `reached ${s.steps[s.stepIndex]}%`, 'ramp finished');
      return;
    }
    if (verdict.action === 'fail') {
      await control.rollback(s.routeId, RAMP_WHO, verdict.why);
      await save({ ...s, status: 'failed' }, RAMP_WHO, verdict.why, 'ramp failed and rolled back');
      logger.error({ routeId: s.routeId, ...verdict.evidence }, verdict.why);
      return;
    }
    try {
      await control.change(s.routeId, { ...target(verdict.percent), reason: `ramp step ${verdict.stepIndex + 1} of ${s.steps.length}` }, RAMP_WHO);
    } catch (err) {
      const why = `the next step (${verdict.percent}%) was refused: ${(err as Error).message}`;
      await control.rollback(s.routeId, RAMP_WHO, why);
      await save({ ...s, status: 'failed' }, RAMP_WHO, why, 'ramp failed and rolled back');
      return;
    }
    await save({ ...s, stepIndex: verdict.stepIndex, stepStartedAt: now(), heldMs: 0 }, RAMP_WHO, null, `ramp moved to ${verdict.percent}%`);
  }

  async function tick(): Promise<void> {
    for (const s of await store.list()) {
      if (s.status !== 'running') continue;
      try {
        await step(s);
      } catch (err) {
        logger.warn({ err, routeId: s.routeId }, 'ramp step could not be judged; trying again next tick');
      }
    }
  }

  async function drive(): Promise<void> {
    try {
      if (await acquireLease(o.knex, LEASE, o.replica, now(), Math.max(5000, intervalMs * 5))) await tick();
    } catch (err) {
      logger.warn({ err }, 'ramp driver: store unreachable; ramps hold until it is back');
    }
  }

  return {
    async start(routeId, plan, who, why) {
      const route = control.route(routeId);
      const parsed = rampSchema.safeParse({ steps: plan.steps ?? route.ramp?.steps, holdS: plan.holdS ?? route.ramp?.holdS });
      if (!parsed.success) {
        const problems = parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
        throw new AdminError('FICUS_ADMIN_INVALID_RAMP', `invalid ramp for "${routeId}": ${problems.join('; ')}${plan.steps || route.ramp ? '' : ' (give steps, or set ramp on the route)'}`, { routeId, problems });
      }
      const existing = await store.read(routeId);
      if (existing && (existing.status === 'running' || existing.status === 'paused')) {
        throw new AdminError('FICUS_ADMIN_RAMP_CONFLICT', `route "${routeId}" already has a ${existing.status} ramp (abort it first)`, { routeId, status: existing.status });
      }
      const { steps, holdS } = parsed.data;
      // The first step is an ordinary guarded cutover: no ramp starts without the shadow evidence.
      await control.change(routeId, { ...target(steps[0]), reason: why || `ramp ${steps.join(' → ')}% (${holdS}s holds)` }, who);
      return save({ routeId, steps, holdS, stepIndex: 0, stepStartedAt: now(), heldMs: 0, status: 'running', why: null, updatedBy: who, updatedAt: now() }, who, why || null, `ramp started (${steps.join(' → ')}%, ${holdS}s holds)`);
    },
    async pause(routeId, who) {
      const s = await current(routeId, ['running']);
      return save({ ...s, status: 'paused', heldMs: Math.min(s.holdS * 1000, now() - s.stepStartedAt) }, who, null, 'ramp paused');
    },
    async resume(routeId, who) {
      const s = await current(routeId, ['paused']);
      return save({ ...s, status: 'running', stepStartedAt: now() - s.heldMs, heldMs: 0 }, who, null, 'ramp resumed');
    },
    async abort(routeId, who, why) {
      const s = await current(routeId, ['running', 'paused']);
      return save({ ...s, status: 'aborted' }, who, why || null, `ramp aborted at ${s.steps[s.stepIndex]}% (the route stays there)`);
    },
    async status(routeId) {
      if (routeId !== undefined) {
        control.route(routeId);
        const s = await store.read(routeId);
        return s ? [view(s)] : [];
      }
      return (await store.list()).map(view);
    },
    tick,
    startLoop() {
      timer = setInterval(() => {
        running ??= drive().finally(() => (running = undefined));
      }, intervalMs);
      timer.unref();
    },
    async close() {
      clearInterval(timer);
      await running;
      await releaseLease(o.knex, LEASE, o.replica).catch(() => undefined);
    },
  };
}

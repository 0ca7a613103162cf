// The auto-rollback guard across a fleet: every second each replica adds its service request and
// failure counts to the store and judges each canary/service route on the sum over all replicas,
// so a route whose failures are spread thinly over many replicas is still rolled back.
import type { Logger } from 'pino';
import type { GatewayConfig } from '../config/schema.js';
import type { RouteStateStore } from '../store/route-state-store.js';
import type { RouteTrafficStore, TrafficCount } from '../store/route-traffic-store.js';
import { judgeErrorRate } from './auto-rollback.js';
import type { RouteControl } from './route-control.js';
import type { TrafficWindow } from './traffic-window.js';

const MAX_PENDING = 10_000; // counts kept while the store is down (routes × seconds)
const PRUNE_AFTER_S = 3600;

export interface FleetErrorGuardOptions {
  config: () => GatewayConfig;
  control: RouteControl;
  traffic: TrafficWindow;
  trafficStore: RouteTrafficStore;
  routeStates: RouteStateStore;
  replica: string;
  logger: Logger;
  now: () => number;
  intervalMs?: number;
}

export interface FleetErrorGuard {
  /** Writes this replica's counts and judges every promoted route on the fleet's sum. */
  tick(): Promise<void>;
  start(): void;
  close(): Promise<void>;
}

/** Creates the guard; `start()` runs `tick()` every intervalMs (1 s by default). */
export function createFleetErrorGuard(o: FleetErrorGuardOptions): FleetErrorGuard {
  let pending = new Map<string, TrafficCount>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let ticks = 0;

  const flush = async (): Promise<void> => {
    for (const d of o.traffic.takeDeltas()) {
      const key = `${d.routeId}\0${d.second}`;
      const p = pending.get(key);
      if (p) {
        p.requests += d.requests;
        p.failures += d.failures;
      } else pending.set(key, { ...d });
    }
    if (pending.size === 0) return;
    const batch = pending;
    pending = new Map();
    try {
      await o.trafficStore.addCounts(o.replica, [...batch.values()]); // one statement: all or nothing
    } catch (err) {
      for (const [k, v] of batch) if (pending.size < MAX_PENDING) pending.set(k, v);
      o.logger.warn({ err, pending: pending.size }, 'fleet error guard: could not write traffic counts; this replica still judges its own');
    }
  };

  const judge = async (): Promise<void> => {
    const changedAt = new Map((await o.routeStates.readStates()).map((s) => [s.routeId, s.updatedAt]));
    const nowS = Math.floor(o.now() / 1000);
    for (const r of o.config().routes) {
      const { mode, source } = o.control.stateOf(r.id);
      if (mode !== 'canary' && mode !== 'service') continue;
      const rollback = r.guard.rollback;
      // Only traffic from the route's last change on counts: failures from before a re-promotion are history.
      const since = source === 'runtime' ? Math.floor((changedAt.get(r.id) ?? 0) / 1000) : 0;
      const window = await o.trafficStore.sumSince(r.id, Math.max(nowS - rollback.windowS + 1, since));
      const breach = judgeErrorRate(window, rollback, 'fleet');
      if (breach) await o.control.rollback(r.id, 'ficus (auto-rollback)', breach.why, { evidence: breach.evidence });
    }
  };

  const tick = async (): Promise<void> => {
    await flush();
    await judge();
    if (++ticks % 60 === 0) await o.trafficStore.prune(Math.floor(o.now() / 1000) - PRUNE_AFTER_S);
  };

  return {
    tick,
    start() {
      timer = setInterval(() => {
        if (running) return; // a slow store never stacks ticks
        running = tick()
          .catch((err: unknown) => o.logger.warn({ err }, 'fleet error guard: tick failed'))
          .finally(() => (running = undefined));
      }, o.intervalMs ?? 1000);
      timer.unref();
    },
    async close() {
      clearInterval(timer);
      await running;
      await flush().catch(() => undefined);
    },
  };
}

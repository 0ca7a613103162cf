// One service's instances: which are in the pool (active health state, passive outlier ejection) and
// which of them the next request goes to (least requests or round robin). Pure state; the clock is
// injected and the health probes live in check-health.ts. With listen.workers the primary's pools
// judge (probes, `judge` of the workers' verdicts) and the workers' pools `restore` what it decided.
import type { Balancer, OutlierConfig } from '../config/schema.js';

export type InstanceState = 'healthy' | 'unhealthy' | 'ejected';

export interface Instance {
  readonly service: string;
  readonly url: string; // as configured: the forwarder's origin (and base path)
  readonly label: string; // the URL without user:password, for metrics, logs and the admin API
  inFlight: number;
  healthy: boolean; // the active checks' verdict (true until they say otherwise)
  ejectedUntil: number; // epoch ms; 0 when not ejected
  ejections: number; // the ejection multiplier: the next ejection lasts ejections + 1 base times; one less per outlier.decayMs in the pool
  inSince: number; // epoch ms since when it is in the pool (healthy, not ejected), the decay counted up to there; NaN while out
  failures: number; // consecutive failed exchanges
}

export interface InstanceView {
  url: string;
  state: InstanceState;
  inFlight: number;
  ejections: number;
  ejectedUntil: string | null;
}

/** What the primary decided about an instance, as pushed to the workers (epoch ms; 0: not ejected). */
export interface InstanceStatus {
  service: string;
  url: string;
  healthy: boolean;
  ejectedUntil: number;
}

export interface PoolEvents {
  onEjected(instance: Instance, forMs: number): void;
  onStateChange(instance: Instance, state: InstanceState): void;
}

export interface ServicePool {
  readonly name: string;
  readonly instances: readonly Instance[];
  /** The instance the next request goes to, counted in flight until `release`; undefined when none is in the pool. */
  pick(): Instance | undefined;
  available(): boolean;
  /** Ends one request on `instance`; `failed`: a connect failure, reset, timeout or 5xx; undefined: says nothing (a shadow copy). */
  release(instance: Instance, failed: boolean | undefined): void;
  /** How one exchange on `instance` went (release's `failed`), without a request of ours in flight: a worker's. */
  judge(instance: Instance, failed: boolean): void;
  /** Takes another process's verdict on `instance` as it is (a worker following its primary). */
  restore(instance: Instance, status: Pick<InstanceStatus, 'healthy' | 'ejectedUntil'>): void;
  /** An active check's verdict changed. */
  setHealthy(instance: Instance, healthy: boolean): void;
  stateOf(instance: Instance): InstanceState;
  view(): InstanceView[];
}

/** The URL without credentials, e.g. `http://10.0.0.5:3000/v2`. */
export function instanceLabel(url: string): string {
  const u = new URL(url);
  u.username = '';
  u.password = '';
  return u.toString().replace(/\/$/, '');
}

/** Creates the pool of `urls`; every instance starts in it. */
export function createServicePool(
  name: string,
  urls: readonly string[],
  o: { balance: Balancer; outlier: OutlierConfig; now: () => number; events: PoolEvents },
): ServicePool {
  const instances: Instance[] = urls.map((url) => ({ service: name, url, label: instanceLabel(url), inFlight: 0, healthy: true, ejectedUntil: 0, ejections: 0, inSince: o.now(), failures: 0 }));
  let cursor = 0; // round robin, and the tie-break of least requests so equal loads still rotate
  // Rounded down: with the default 50% a pool of one is never ejected (its failures stay visible as
  // they were), a pool of two may lose one; 100 lets every instance go.
  const maxEjected = Math.floor((instances.length * o.outlier.maxEjectedPercent) / 100);

  const stateOf = (i: Instance): InstanceState => (!i.healthy ? 'unhealthy' : i.ejectedUntil > 0 ? 'ejected' : 'healthy');

  const inPool = (i: Instance): boolean => i.healthy && i.ejectedUntil === 0;

  // As Envoy does: each whole decayMs an instance spends in the pool takes one off its multiplier,
  // so an ejection long ago no longer lengthens the next. Counted lazily, up to `now`.
  const decay = (i: Instance, now: number): void => {
    if (!inPool(i) || i.ejections === 0 || Number.isNaN(i.inSince)) return;
    const steps = Math.floor((now - i.inSince) / o.outlier.decayMs);
    if (steps <= 0) return;
    i.ejections = Math.max(0, i.ejections - steps);
    i.inSince += steps * o.outlier.decayMs;
  };
  const leave = (i: Instance, now: number): void => {
    decay(i, now);
    i.inSince = Number.NaN;
  };

  // An ejection ends by time, looked at when a request needs an instance: no timer per instance.
  const returnExpired = (now: number): void => {
    for (const i of instances) {
      if (i.ejectedUntil > 0 && i.ejectedUntil <= now) {
        const until = i.ejectedUntil;
        i.ejectedUntil = 0;
        i.failures = 0;
        if (i.healthy) i.inSince = until; // back since its ejection ended, however late this looks
        o.events.onStateChange(i, stateOf(i));
      }
    }
  };

  const pick = (): Instance | undefined => {
    returnExpired(o.now());
    const n = instances.length;
    let best: Instance | undefined;
    for (let k = 0; k < n; k++) {
      const i = instances[(cursor + k) % n]!;
      if (!inPool(i)) continue;
      if (o.balance === 'round-robin') {
        best = i;
        cursor = (cursor + k + 1) % n;
        break;
      }
      if (!best || i.inFlight < best.inFlight) best = i;
    }
    if (best && o.balance === 'least-requests') cursor = (instances.indexOf(best) + 1) % n;
    if (best) best.inFlight++;
    return best;
  };

  const eject = (i: Instance): void => {
    const ejected = instances.filter((x) => x.ejectedUntil > 0).length;
    if (ejected >= maxEjected) return; // the max ejection share: keep the rest serving
    leave(i, o.now());
    const forMs = Math.min(o.outlier.baseEjectionMs * (i.ejections + 1), o.outlier.maxEjectionMs);
    i.ejections++;
    i.ejectedUntil = o.now() + forMs;
    o.events.onEjected(i, forMs);
    o.events.onStateChange(i, stateOf(i));
  };

  const judge = (i: Instance, failed: boolean): void => {
    if (i.ejectedUntil > 0) return; // what was in flight when it went out says nothing more
    if (!failed) i.failures = 0;
    else if (++i.failures >= o.outlier.consecutiveFailures) eject(i);
  };

  return {
    name,
    instances,
    pick,
    available() {
      returnExpired(o.now());
      return instances.some(inPool);
    },
    release(i, failed) {
      i.inFlight--;
      if (failed !== undefined) judge(i, failed);
    },
    judge(i, failed) {
      returnExpired(o.now()); // no request of ours picked it since its ejection ended
      judge(i, failed);
    },
    restore(i, status) {
      const before = stateOf(i);
      i.healthy = status.healthy;
      i.ejectedUntil = status.ejectedUntil;
      i.failures = 0;
      if (stateOf(i) !== before) o.events.onStateChange(i, stateOf(i));
    },
    setHealthy(i, healthy) {
      if (i.healthy === healthy) return;
      if (!healthy) leave(i, o.now());
      i.healthy = healthy;
      if (healthy && i.ejectedUntil === 0) i.inSince = o.now();
      o.events.onStateChange(i, stateOf(i));
    },
    stateOf,
    view() {
      const now = o.now();
      returnExpired(now);
      for (const i of instances) decay(i, now);
      return instances.map((i) => ({
        url: i.label,
        state: stateOf(i),
        inFlight: i.inFlight,
        ejections: i.ejections,
        ejectedUntil: i.ejectedUntil > 0 ? new Date(i.ejectedUntil).toISOString() : null,
      }));
    },
  };
}

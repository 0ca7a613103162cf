// Every service's pool, kept across reloads while a service's settings stay the same (its
// instances keep their in-flight counts, health and ejections), with the health checkers and the
// per-instance metrics (telemetry/pool-metrics.ts). The data plane picks an instance per request; the shadow plane per copy.
// With listen.workers there is one view, the primary's: it alone probes and ejects (judging the
// verdicts its workers relay), tells every change (`onStatus`) and counts the workers' requests in
// flight; a worker's pools (`follower`) only pick, relay each verdict (`onVerdict`) and restore
// what the primary says.
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { createPoolMetrics } from '../telemetry/pool-metrics.js';
import type { ServiceConfig } from '../config/schema.js';
import { checkHealth, type HealthChecker } from './check-health.js';
import { createServicePool, type Instance, type InstanceState, type InstanceStatus, type InstanceView, type ServicePool } from './service-pool.js';

/** One instance's requests in flight in one process: [service, url, count]. */
export type InFlightCount = [string, string, number];

export interface ServicePools {
  /** An instance of `service` in the pool, counted in flight until `release`; undefined when the service is unknown or none is in. */
  pick(service: string): Instance | undefined;
  release(instance: Instance, failed: boolean | undefined): void;
  /** Whether `service` has an instance in its pool now. */
  available(service: string): boolean;
  /** Takes the services of a (re)loaded config: new pools start, removed ones stop, unchanged ones keep their state. */
  sync(services: Readonly<Record<string, ServiceConfig>>): void;
  view(service: string): InstanceView[];
  /** Every instance's state now (what a worker starting adopts). */
  statuses(): InstanceStatus[];
  /** A worker's verdict on one of its exchanges, judged as this process's own; unknown instances are ignored. */
  judge(service: string, url: string, failed: boolean): void;
  /** Follower: the primary's state of instances. */
  restore(statuses: readonly InstanceStatus[]): void;
  /** This process's requests in flight on each instance. */
  inFlight(): InFlightCount[];
  /** Another process's requests in flight (replacing what it said before; undefined: it is gone), added in `view`. */
  countRemote(from: number, counts: readonly InFlightCount[] | undefined): void;
  close(): void;
}

export interface PoolOptions {
  registry?: Registry;
  logger: Logger;
  now?: () => number;
  /** A worker: no health checks, no ejection of its own, no state or ejection metrics (the primary's are the group's). */
  follower?: { onVerdict(service: string, url: string, failed: boolean): void; onInFlight(): void };
  /** Every change of an instance's state (the primary pushes it to its workers). */
  onStatus?: (status: InstanceStatus) => void;
}

const statusOf = (i: Instance): InstanceStatus => ({ service: i.service, url: i.url, healthy: i.healthy, ejectedUntil: i.ejectedUntil });

export function createServicePools(o: PoolOptions): ServicePools {
  const now = o.now ?? Date.now;
  const live = new Map<string, { key: string; pool: ServicePool; checker?: HealthChecker }>();
  const remote = new Map<number, Map<string, number>>(); // by process: `service url` → in flight
  const follower = o.follower;
  const metrics = createPoolMetrics(o.registry, function* () {
    for (const { pool } of live.values()) yield* pool.instances;
  }, () => {
    for (const { pool } of live.values()) pool.available(); // an ejection over since the last pick shows as over
  });
  const events = follower
    ? { onEjected: () => undefined, onStateChange: () => undefined }
    : {
        onEjected(i: Instance, forMs: number) {
          metrics.ejected(i);
          o.logger.warn({ service: i.service, instance: i.label, forMs, ejections: i.ejections }, 'service instance ejected after consecutive failures');
        },
        onStateChange(i: Instance, state: InstanceState) {
          metrics.state(i, state);
          o.onStatus?.(statusOf(i));
          if (state === 'healthy') o.logger.info({ service: i.service, instance: i.label }, 'service instance back in the pool');
          else if (state === 'unhealthy') o.logger.warn({ service: i.service, instance: i.label }, 'service instance failed its health checks; out of the pool');
        },
      };
  const instanceOf = (service: string, url: string): { pool: ServicePool; instance: Instance } | undefined => {
    const pool = live.get(service)?.pool;
    const instance = pool?.instances.find((i) => i.url === url);
    return pool && instance ? { pool, instance } : undefined;
  };
  const remoteInFlight = (i: Instance): number => {
    let n = 0;
    for (const counts of remote.values()) n += counts.get(`${i.service} ${i.url}`) ?? 0;
    return n;
  };

  const stop = (name: string): void => {
    const entry = live.get(name);
    if (!entry) return;
    entry.checker?.close();
    for (const i of entry.pool.instances) metrics.forget(i);
    live.delete(name);
  };

  return {
    pick(service) {
      const instance = live.get(service)?.pool.pick();
      if (instance) follower?.onInFlight();
      return instance;
    },
    available: (service) => live.get(service)?.pool.available() ?? false,
    release(instance, failed) {
      // An exchange started before a reload replaced the pool releases on its old pool's instance.
      const entry = live.get(instance.service);
      const current = entry !== undefined && entry.pool.instances.includes(instance);
      if (follower) {
        instance.inFlight--;
        follower.onInFlight();
        if (current && failed !== undefined) follower.onVerdict(instance.service, instance.url, failed);
      } else if (current) entry.pool.release(instance, failed);
      else instance.inFlight--;
    },
    sync(services) {
      for (const name of [...live.keys()]) if (!Object.hasOwn(services, name)) stop(name);
      for (const [name, s] of Object.entries(services)) {
        const key = JSON.stringify([s.urls, s.balance, s.health, s.outlier]);
        if (live.get(name)?.key === key) continue;
        stop(name);
        const pool = createServicePool(name, s.urls, { balance: s.balance, outlier: s.outlier, now, events });
        if (!follower) for (const i of pool.instances) metrics.state(i, 'healthy');
        const checker = s.health && !follower
          ? checkHealth(pool, s.health, (i, result) => metrics.probed(i, result))
          : undefined;
        live.set(name, { key, pool, checker });
      }
    },
    view(service) {
      const pool = live.get(service)?.pool;
      if (!pool) return [];
      const views = pool.view();
      return remote.size === 0 ? views : views.map((v, k) => ({ ...v, inFlight: v.inFlight + remoteInFlight(pool.instances[k]!) }));
    },
    statuses() {
      return [...live.values()].flatMap(({ pool }) => pool.instances.map(statusOf));
    },
    judge(service, url, failed) {
      const found = instanceOf(service, url);
      found?.pool.judge(found.instance, failed);
    },
    restore(statuses) {
      for (const s of statuses) {
        const found = instanceOf(s.service, s.url);
        found?.pool.restore(found.instance, s);
      }
    },
    inFlight() {
      return [...live.values()].flatMap(({ pool }) => pool.instances.map((i): InFlightCount => [i.service, i.url, i.inFlight]));
    },
    countRemote(from, counts) {
      if (!counts) remote.delete(from);
      else remote.set(from, new Map(counts.map(([service, url, n]) => [`${service} ${url}`, n])));
    },
    close() {
      for (const name of [...live.keys()]) stop(name);
    },
  };
}

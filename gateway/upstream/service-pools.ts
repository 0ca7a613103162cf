// Every service's pool, kept across reloads while a service's settings stay the same (its
// instances keep their in-flight counts, health and ejections), with the health checkers and the
// per-instance metrics (telemetry/pool-metrics.ts). The data plane picks an instance per request; the shadow plane per copy.
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { createPoolMetrics } from '../telemetry/pool-metrics.js';
import type { ServiceConfig } from '../config/schema.js';
import { checkHealth, type HealthChecker } from './check-health.js';
import { createServicePool, type Instance, type InstanceState, type InstanceView, type ServicePool } from './service-pool.js';

export interface ServicePools {
  /** An instance of `service` in the pool, counted in flight until `release`; undefined when the service is unknown or none is in. */
  pick(service: string): Instance | undefined;
  release(instance: Instance, failed: boolean | undefined): void;
  /** Whether `service` has an instance in its pool now. */
  available(service: string): boolean;
  /** Takes the services of a (re)loaded config: new pools start, removed ones stop, unchanged ones keep their state. */
  sync(services: Readonly<Record<string, ServiceConfig>>): void;
  view(service: string): InstanceView[];
  close(): void;
}

export function createServicePools(o: { registry?: Registry; logger: Logger; now?: () => number }): ServicePools {
  const now = o.now ?? Date.now;
  const live = new Map<string, { key: string; pool: ServicePool; checker?: HealthChecker }>();
  const metrics = createPoolMetrics(o.registry, function* () {
    for (const { pool } of live.values()) yield* pool.instances;
  });
  const events = {
    onEjected(i: Instance, forMs: number) {
      metrics.ejected(i);
      o.logger.warn({ service: i.service, instance: i.label, forMs, ejections: i.ejections }, 'service instance ejected after consecutive failures');
    },
    onStateChange(i: Instance, state: InstanceState) {
      metrics.state(i, state);
      if (state === 'healthy') o.logger.info({ service: i.service, instance: i.label }, 'service instance back in the pool');
      else if (state === 'unhealthy') o.logger.warn({ service: i.service, instance: i.label }, 'service instance failed its health checks; out of the pool');
    },
  };

  const stop = (name: string): void => {
    const entry = live.get(name);
    if (!entry) return;
    entry.checker?.close();
    for (const i of entry.pool.instances) metrics.forget(i);
    live.delete(name);
  };

  return {
    pick: (service) => live.get(service)?.pool.pick(),
    available: (service) => live.get(service)?.pool.available() ?? false,
    release(instance, failed) {
      // An exchange started before a reload replaced the pool releases on its old pool's instance.
      const entry = live.get(instance.service);
      if (entry && entry.pool.instances.includes(instance)) entry.pool.release(instance, failed);
      else instance.inFlight--;
    },
    sync(services) {
      for (const name of [...live.keys()]) if (!Object.hasOwn(services, name)) stop(name);
      for (const [name, s] of Object.entries(services)) {
        const key = JSON.stringify([s.urls, s.balance, s.health, s.outlier]);
        if (live.get(name)?.key === key) continue;
        stop(name);
        const pool = createServicePool(name, s.urls, { balance: s.balance, outlier: s.outlier, now, events });
        for (const i of pool.instances) metrics.state(i, 'healthy');
        const checker = s.health
          ? checkHealth(pool, s.health, (i, result) => metrics.probed(i, result))
          : undefined;
        live.set(name, { key, pool, checker });
      }
    },
    view: (service) => live.get(service)?.pool.view() ?? [],
    close() {
      for (const name of [...live.keys()]) stop(name);
    },
  };
}

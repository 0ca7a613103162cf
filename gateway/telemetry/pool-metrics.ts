// The service pools' Prometheus series (gateway/upstream/service-pools.ts feeds them): whether each
// instance is in its pool, its ejections, its health checks and its requests in flight.
import { Counter, Gauge, type Registry } from 'prom-client';

export type InstanceStateName = 'healthy' | 'unhealthy' | 'ejected';
const STATES: readonly InstanceStateName[] = ['healthy', 'unhealthy', 'ejected'];

export interface InstanceLabels {
  service: string;
  label: string; // the instance URL without credentials
  inFlight: number;
}

export interface PoolMetrics {
  state(i: InstanceLabels, state: InstanceStateName): void;
  ejected(i: InstanceLabels): void;
  probed(i: InstanceLabels, result: string): void;
  forget(i: InstanceLabels): void; // the instance left the config
}

/** Registers the series on `registry` (none registered without one); `refresh` runs and `instances` is read when scraped. */
export function createPoolMetrics(registry: Registry | undefined, instances: () => Iterable<InstanceLabels>, refresh: () => void = () => undefined): PoolMetrics {
  const registers = registry ? [registry] : [];
  const inPool = new Gauge({
    name: 'ficus_instance_in_pool',
    help: 'Whether a service instance gets traffic (1) or is out: failed health checks or ejected (0), by service, instance and state',
    labelNames: ['service', 'instance', 'state'] as const,
    registers,
    aggregator: 'min', // a gateway group: only the primary judges its instances (workers leave it unset)
    collect: refresh, // an ejection that ended since the last request shows as ended
  });
  const ejections = new Counter({
    name: 'ficus_instance_ejections_total',
    help: 'Times a service instance was ejected for consecutive failures, by service and instance',
    labelNames: ['service', 'instance'] as const,
    registers,
  });
  const probes = new Counter({
    name: 'ficus_health_checks_total',
    help: 'Active health checks, by service, instance and result (ok, status_<code>, upstream_timeout, upstream_refused, ...)',
    labelNames: ['service', 'instance', 'result'] as const,
    registers,
  });
  new Gauge({
    name: 'ficus_instance_requests_in_flight',
    help: 'Requests and shadow copies on a service instance now',
    labelNames: ['service', 'instance'] as const,
    registers,
    collect() {
      this.reset();
      for (const i of instances()) this.set({ service: i.service, instance: i.label }, i.inFlight);
    },
  });
  const forget = (i: InstanceLabels): void => {
    for (const s of STATES) inPool.remove({ service: i.service, instance: i.label, state: s });
  };
  return {
    state(i, state) {
      forget(i);
      inPool.set({ service: i.service, instance: i.label, state }, state === 'healthy' ? 1 : 0);
    },
    ejected: (i) => ejections.inc({ service: i.service, instance: i.label }),
    probed: (i, result) => probes.inc({ service: i.service, instance: i.label, result }),
    forget,
  };
}

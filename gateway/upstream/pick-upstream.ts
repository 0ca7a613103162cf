// Which upstream a decided request goes to: the monolith, or an instance of the named service's pool
// (service-pools.ts). The seam between routing (which origin) and the data plane (how the bytes get
// there): the forwarder takes what this returns and nothing else about where to go.
import type { Decision, RouteTable } from '../routing/route-table.js';
import type { Instance } from './service-pool.js';
import type { ServicePools } from './service-pools.js';

export interface Upstream {
  url: string; // origin and base path
  timeoutMs: number;
  deadlineMs: number;
  instance?: Instance; // the service instance picked: counted in flight until the pool hears how it went
}

/** The upstream of a decision's backend, from the table the exchange started with; undefined when the service has no instance in its pool. */
export function pickUpstream(decision: Decision, table: RouteTable, pools: Pick<ServicePools, 'pick'>): Upstream | undefined {
  if (decision.backend !== 'service' || !decision.serviceName) return table.monolith;
  const service = table.services[decision.serviceName]!;
  const instance = pools.pick(decision.serviceName);
  return instance ? { url: instance.url, timeoutMs: service.timeoutMs, deadlineMs: service.deadlineMs, instance } : undefined;
}

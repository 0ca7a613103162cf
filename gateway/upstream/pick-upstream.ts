// Which upstream a decided request goes to: the named service's, or the monolith's. The seam between
// routing (which origin) and the data plane (how the bytes get there): the forwarder takes what this
// returns and nothing else about where to go.
import type { UpstreamConfig } from '../config/schema.js';
import type { Decision, RouteTable } from '../routing/route-table.js';

/** The upstream config of a decision's backend, from the table the exchange started with. */
export function pickUpstream(decision: Decision, table: RouteTable): UpstreamConfig {
  return decision.backend === 'service' && decision.serviceName ? table.services[decision.serviceName]! : table.monolith;
}

// What the admin plane reads from the shadow store: fleet-wide evidence for the promote guard and
// the per-field diff report, each with the route's own noise thresholds.
import type { GatewayConfig } from '../config/schema.js';
import type { OpenStore } from '../store/open-store.js';
import { readRouteDiffs, readShadowStats, type RouteDiffs } from '../store/shadow-reader.js';
import type { ShadowEvidence } from './promote-guard.js';

export type { RouteDiffs };

export interface ShadowReader {
  readEvidence(routeId: string): Promise<ShadowEvidence>;
  readDiffs(routeId: string): Promise<RouteDiffs>;
}

/** Reads shadow results from the store; `config` gives each route's current thresholds. */
export function createShadowReader(store: Pick<OpenStore, 'knex'>, config: () => GatewayConfig): ShadowReader {
  const thresholdsOf = (routeId: string) => config().routes.find((r) => r.id === routeId)?.shadow.thresholds;
  return {
    readEvidence: (routeId) => readShadowStats(store, routeId, thresholdsOf(routeId)),
    readDiffs: (routeId) => readRouteDiffs(store, routeId, { thresholds: thresholdsOf(routeId) }),
  };
}

// What the admin plane reads from shadow traffic (gw2's store): evidence for the promote guard and
// the per-field diff report. Until shadow results exist for a route, both say "nothing compared".
import type { ShadowEvidence } from './promote-guard.js';

export interface DiffField {
  path: string;
  kind: string;
  count: number;
  noiseCount: number;
  noise: boolean;
  examples: unknown[];
}

/** The `GET /api/routes/:id/diffs` body (DESIGN.md). */
export interface RouteDiffs {
  route: string;
  compared: number;
  matched: number;
  mismatched: number;
  matchRate: number | null;
  fields: DiffField[];
  [extra: string]: unknown;
}

export interface ShadowReader {
  readEvidence(routeId: string): Promise<ShadowEvidence>;
  readDiffs(routeId: string): Promise<RouteDiffs>;
}

/** A reader for a gateway without shadow results: no evidence, so the promote guard refuses without force. */
export const emptyShadowReader: ShadowReader = {
  readEvidence: async () => ({ compared: 0, matched: 0, realMismatches: 0, matchRate: null }),
  readDiffs: async (routeId) => ({ route: routeId, compared: 0, matched: 0, mismatched: 0, matchRate: null, fields: [] }),
};

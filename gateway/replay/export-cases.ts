// `ficus replay export`: a route's recorded cases from the store, with the route's comparison
// rules and the fields its shadow history found to be noise, ready to write as a replay file.
import { readRouteDiffs } from '../admin/shadow-evidence.js';
import type { RouteConfig } from '../config/schema.js';
import type { OpenStore } from '../store/open-store.js';
import { createReplayCaseStore } from '../store/replay-cases-store.js';
import { REPLAY_FORMAT, REPLAY_VERSION, replayCaseSchema, type ReplayCase, type ReplayHeader } from './replay-case.js';

export interface ExportedCases {
  header: ReplayHeader;
  cases: ReplayCase[];
  /** Stored rows that no longer fit the case schema (left out). */
  unreadable: number;
}

/** Reads up to `limit` cases of `route`, oldest first. */
export async function exportCases(store: Pick<OpenStore, 'knex'>, route: RouteConfig, options: { limit?: number; now?: () => number } = {}): Promise<ExportedCases> {
  const rows = await createReplayCaseStore(store.knex).listCases(route.id, options.limit);
  const cases: ReplayCase[] = [];
  for (const row of rows) {
    const parsed = replayCaseSchema.safeParse(row);
    if (parsed.success) cases.push(parsed.data);
  }
  const diffs = await readRouteDiffs(store, route.id, { route, examples: 0 }); // noise as learned over the route's whole history
  const header: ReplayHeader = {
    format: REPLAY_FORMAT,
    version: REPLAY_VERSION,
    route: route.id,
    exportedAt: new Date((options.now ?? Date.now)()).toISOString(),
    rules: {
      ignore: [...route.shadow.ignore],
      redact: [...route.shadow.redact],
      headers: [...route.shadow.headers],
      tolerance: route.shadow.tolerance ?? 0,
      noise: diffs.allTime.fields.filter((f) => f.noise).map((f) => ({ path: f.path, kind: f.kind })),
    },
  };
  return { header, cases, unreadable: rows.length - cases.length };
}

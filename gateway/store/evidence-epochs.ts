// Evidence epochs: a route's shadow evidence counts from the latest epoch on. A reset (admin API,
// CLI, dashboard) or a new service version starts one; the rows are the history of both.
import type { Knex } from 'knex';
import type { EvidenceEpoch } from './shadow-records.js';

interface Row {
  id: number;
  route_id: string;
  started_at: number | string;
  version: string | null;
  cause: 'reset' | 'version';
  who: string | null;
  why: string | null;
}

const toEpoch = (r: Row): EvidenceEpoch => ({
  id: Number(r.id),
  routeId: r.route_id,
  startedAt: Number(r.started_at),
  version: r.version,
  cause: r.cause,
  who: r.who,
  why: r.why,
});

/** Epoch 0: everything since the route was first shadowed. */
export const firstEpoch = (routeId: string): EvidenceEpoch => ({ id: 0, routeId, startedAt: null, version: null, cause: 'start', who: null, why: null });

/** The current epoch of each route (epoch 0 for routes that never had one). */
export async function readCurrentEpochs(knex: Knex, routeIds: string[]): Promise<Map<string, EvidenceEpoch>> {
  const out = new Map(routeIds.map((id) => [id, firstEpoch(id)]));
  if (routeIds.length === 0) return out;
  const latest = knex('ficus_evidence_epochs').whereIn('route_id', routeIds).groupBy('route_id').max({ id: 'id' });
  const rows = (await knex('ficus_evidence_epochs').whereIn('id', latest)) as Row[];
  for (const r of rows) out.set(r.route_id, toEpoch(r));
  return out;
}

export async function readCurrentEpoch(knex: Knex, routeId: string): Promise<EvidenceEpoch> {
  return (await readCurrentEpochs(knex, [routeId])).get(routeId)!;
}

/** Starts a new epoch and returns it. */
export async function startEpoch(
  knex: Knex,
  e: { routeId: string; at: number; version: string | null; cause: 'reset' | 'version'; who?: string; why?: string; replica: string },
): Promise<EvidenceEpoch> {
  const [inserted] = await knex('ficus_evidence_epochs')
    .insert({ route_id: e.routeId, started_at: e.at, version: e.version, cause: e.cause, who: e.who ?? null, why: e.why ?? null, replica: e.replica })
    .returning('id');
  const id = Number(typeof inserted === 'object' ? (inserted as { id: number }).id : inserted);
  return { id, routeId: e.routeId, startedAt: e.at, version: e.version, cause: e.cause, who: e.who ?? null, why: e.why ?? null };
}

/** How many version epochs a route started since `since` (a version header that flaps starts many). */
export async function countVersionEpochsSince(knex: Knex, routeId: string, since: number): Promise<number> {
  const [{ n }] = await knex('ficus_evidence_epochs').where({ route_id: routeId, cause: 'version' }).andWhere('started_at', '>=', since).count({ n: '*' });
  return Number(n);
}

// Writes one batch of shadow results in the caller's transaction: counts are added to the rows of
// this replica (so replicas add up), examples are kept to `examplesPerPath` per field fleet-wide,
// and evidence buckets land in the epoch they belong to (a new service version starts one).
import type { Knex } from 'knex';
import { readCurrentEpochs, startEpoch } from './evidence-epochs.js';
import type { EvidenceEpoch, ShadowBatch } from './shadow-records.js';

const CHUNK = 200;

export interface WriteBatchOptions {
  replicaId: string;
  at: number;
  examplesPerPath: number;
}

/** Writes `batch`; returns the current epoch of every route it touched (after any it started). */
export async function writeShadowBatch(trx: Knex.Transaction, batch: ShadowBatch, o: WriteBatchOptions): Promise<Map<string, EvidenceEpoch>> {
  const { replicaId, at } = o;
  await upsertAdding(trx, 'shadow_counters', ['route_id', 'replica_id', 'name'], ['value'], [...batch.counters.values()].map((c) => ({
    route_id: c.routeId, replica_id: replicaId, name: c.name, value: c.value, updated_at: at,
  })), { updated_at: trx.raw('excluded.updated_at') });
  await upsertAdding(trx, 'shadow_fields', ['route_id', 'replica_id', 'path', 'kind'], ['raw_count', 'noise_count'], [...batch.fields.values()].map((f) => ({
    route_id: f.routeId, replica_id: replicaId, path: f.path, kind: f.kind, raw_count: f.raw, noise_count: f.noise,
  })));
  await upsertAdding(trx, 'shadow_signatures', ['route_id', 'replica_id', 'signature'], ['count'], [...batch.signatures.values()].map((s) => ({
    route_id: s.routeId, replica_id: replicaId, signature: s.signature, field_keys: JSON.stringify(s.keys), count: s.count,
  })));
  await writeExamples(trx, batch.examples, o);
  return writeBuckets(trx, batch, o);
}

async function writeBuckets(trx: Knex.Transaction, batch: ShadowBatch, o: WriteBatchOptions): Promise<Map<string, EvidenceEpoch>> {
  const routeIds = [...new Set([...[...batch.buckets.values()].map((b) => b.routeId), ...batch.versions.keys()])];
  const epochs = await readCurrentEpochs(trx, routeIds);
  // The last version a route's service answered with is its current epoch's: the current one if
  // it already has that version (another replica may have started it), a new one otherwise. At
  // most one epoch per route and flush, however often a version header flaps.
  for (const [routeId, version] of batch.versions) {
    const current = epochs.get(routeId)!;
    if (current.version !== version) {
      epochs.set(routeId, await startEpoch(trx, { routeId, at: o.at, version, cause: 'version', replica: o.replicaId, why: `the service answered with version ${version}` }));
    }
  }
  const bucketRows: Record<string, unknown>[] = [];
  const signatureRows: Record<string, unknown>[] = [];
  const latencyRows: Record<string, unknown>[] = [];
  for (const b of batch.buckets.values()) {
    const current = epochs.get(b.routeId)!;
    // Comparisons made against another version than the current epoch's are not its evidence.
    if (b.epoch.kind === 'version' && b.epoch.version !== current.version) continue;
    const key = { route_id: b.routeId, replica_id: o.replicaId, epoch_id: current.id, bucket: b.bucket };
    bucketRows.push({ ...key, compared: b.compared, matched: b.matched, unkept: b.unkept });
    for (const [signature, count] of b.signatures) signatureRows.push({ ...key, signature, count });
    for (const side of ['monolith', 'service'] as const) for (const [bin, count] of b.latency[side]) latencyRows.push({ ...key, side, bin, count });
  }
  const pk = ['route_id', 'epoch_id', 'bucket', 'replica_id'];
  await upsertAdding(trx, 'shadow_buckets', pk, ['compared', 'matched', 'unkept'], bucketRows);
  await upsertAdding(trx, 'shadow_bucket_signatures', [...pk, 'signature'], ['count'], signatureRows);
  await upsertAdding(trx, 'shadow_bucket_latency', [...pk, 'side', 'bin'], ['count'], latencyRows);
  return epochs;
}

/** Inserts rows, adding `adding` columns to those already there. */
async function upsertAdding(
  trx: Knex.Transaction,
  table: string,
  key: string[],
  adding: string[],
  rows: Record<string, unknown>[],
  extra: Record<string, Knex.Raw> = {},
): Promise<void> {
  const merge: Record<string, Knex.Raw> = { ...extra };
  for (const c of adding) merge[c] = trx.raw('?? + excluded.??', [`${table}.${c}`, c]);
  for (let i = 0; i < rows.length; i += CHUNK) await trx(table).insert(rows.slice(i, i + CHUNK)).onConflict(key).merge(merge);
}

/** Keeps at most `examplesPerPath` per route and field fleet-wide, also across restarts. */
async function writeExamples(trx: Knex.Transaction, examples: ShadowBatch['examples'], o: WriteBatchOptions): Promise<void> {
  const groups = new Map<string, ShadowBatch['examples']>();
  for (const e of examples) {
    const key = `${e.routeId}\0${e.path}\0${e.kind}`;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  for (const group of groups.values()) {
    const { routeId, path, kind } = group[0];
    const [{ n }] = await trx('shadow_examples').where({ route_id: routeId, path, kind }).count({ n: '*' });
    const room = o.examplesPerPath - Number(n);
    if (room <= 0) continue;
    await trx('shadow_examples').insert(
      group.slice(0, room).map((e) => ({ route_id: routeId, replica_id: o.replicaId, path, kind, created_at: o.at, example: JSON.stringify(e.example) })),
    );
  }
}

const BUCKET_TABLES = ['shadow_buckets', 'shadow_bucket_signatures', 'shadow_bucket_latency'] as const;

/** Deletes evidence buckets older than `before` (epoch ms); all-time totals are kept elsewhere. */
export async function pruneEvidenceBuckets(knex: Knex, before: number): Promise<void> {
  for (const table of BUCKET_TABLES) await knex(table).where('bucket', '<', before).delete();
}

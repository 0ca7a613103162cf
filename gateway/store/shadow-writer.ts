// Batched writer for shadow results. The data plane only touches in-memory maps; a timer flushes
// them to the store in one transaction. If the store is down, the counts stay in memory (merged
// back, bounded by routes × fields) and are written once it is back; only examples are dropped,
// and that loss is itself counted. A failed flush never reaches a client.
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { FieldDifference } from '../compare/diff-json.js';
import { fieldKey } from '../compare/summarise-route.js';
import type { ShadowCounter, ShadowExample } from './shadow-records.js';

export interface ShadowWriterOptions {
  knex: Knex;
  /** Names this replica's rows; counts add up across replicas. */
  replicaId: string;
  flushMs?: number;
  examplesPerPath?: number;
  /** How often fields that have their examples may offer new ones (the store keeps the bound; this lets a cleared route fill up again). */
  exampleRefreshMs?: number;
  maxFieldsPerRoute?: number;
  maxSignaturesPerRoute?: number;
  now?: () => number;
  onError?: (err: unknown) => void;
}

export interface ShadowWriter {
  /** Adds to a route counter. */
  count(routeId: string, name: ShadowCounter, n?: number): void;
  /** Records one monolith-vs-service comparison; `makeExample` is called only for paths that still want examples. */
  recordComparison(routeId: string, differences: FieldDifference[], makeExample: (d: FieldDifference) => ShadowExample): void;
  /** Records one monolith-vs-monolith comparison (noise learning). */
  recordNoise(routeId: string, differences: FieldDifference[]): void;
  flush(): Promise<void>;
  /** Stops the timer and writes what is pending (once; errors are counted, not thrown). */
  close(): Promise<void>;
}

interface FieldDelta {
  path: string;
  kind: string;
  raw: number;
  noise: number;
}

interface Pending {
  counters: Map<string, number>; // key: routeId \0 name
  fields: Map<string, FieldDelta & { routeId: string }>; // key: routeId \0 path kind
  signatures: Map<string, { routeId: string; signature: string; keys: string[]; count: number }>;
  examples: { routeId: string; path: string; kind: string; example: ShadowExample }[];
}

const MAX_PATH = 512;
const CHUNK = 200;

const emptyPending = (): Pending => ({ counters: new Map(), fields: new Map(), signatures: new Map(), examples: [] });

/** Creates the writer; call `close()` on shutdown. Example: `createShadowWriter({ knex: store.knex, replicaId: 'gw-1' })`. */
export function createShadowWriter(options: ShadowWriterOptions): ShadowWriter {
  const { knex, replicaId } = options;
  const now = options.now ?? Date.now;
  const examplesPerPath = options.examplesPerPath ?? 5;
  const maxFields = options.maxFieldsPerRoute ?? 1000;
  const maxSignatures = options.maxSignaturesPerRoute ?? 2000;
  let pending = emptyPending();
  const knownFields = new Map<string, Map<string, number>>(); // routeId → field key → examples queued
  const knownSignatures = new Map<string, Set<string>>();
  let flushing: Promise<void> | undefined;
  let closed = false;
  const exampleRefreshMs = options.exampleRefreshMs ?? 60_000;
  let examplesRefreshedAt = now();

  const timer = setInterval(() => {
    if (now() - examplesRefreshedAt >= exampleRefreshMs) {
      examplesRefreshedAt = now();
      for (const fields of knownFields.values()) for (const key of fields.keys()) fields.set(key, 0);
    }
    void flush();
  }, options.flushMs ?? 1000);
  timer.unref();

  function count(routeId: string, name: ShadowCounter, n = 1): void {
    const key = `${routeId}\0${name}`;
    pending.counters.set(key, (pending.counters.get(key) ?? 0) + n);
  }

  /** Unique field keys of one exchange within the per-route bound; the rest are counted as unkept. */
  function keptFields(routeId: string, differences: FieldDifference[]): FieldDifference[] {
    let known = knownFields.get(routeId);
    if (!known) knownFields.set(routeId, (known = new Map()));
    const seen = new Set<string>();
    const kept: FieldDifference[] = [];
    for (const d of differences) {
      const key = fieldKey(d.path, d.kind);
      if (seen.has(key)) continue;
      seen.add(key);
      if (!known.has(key)) {
        if (known.size >= maxFields || d.path.length > MAX_PATH) {
          count(routeId, 'fields_unkept');
          continue;
        }
        known.set(key, 0);
      }
      kept.push(d);
    }
    return kept;
  }

  function addField(routeId: string, d: FieldDifference, raw: number, noise: number): void {
    const key = `${routeId}\0${fieldKey(d.path, d.kind)}`;
    const f = pending.fields.get(key);
    if (f) {
      f.raw += raw;
      f.noise += noise;
    } else pending.fields.set(key, { routeId, path: d.path, kind: d.kind, raw, noise });
  }

  function recordComparison(routeId: string, differences: FieldDifference[], makeExample: (d: FieldDifference) => ShadowExample): void {
    count(routeId, 'compared');
    if (differences.length === 0) return count(routeId, 'matched');
    count(routeId, 'differed');
    const kept = keptFields(routeId, differences);
    const known = knownFields.get(routeId)!;
    for (const d of kept) {
      addField(routeId, d, 1, 0);
      const key = fieldKey(d.path, d.kind);
      const queued = known.get(key)!;
      if (queued < examplesPerPath) {
        known.set(key, queued + 1);
        pending.examples.push({ routeId, path: d.path, kind: d.kind, example: makeExample(d) });
      }
    }
    addSignature(routeId, kept.map((d) => fieldKey(d.path, d.kind)).sort());
  }

  function addSignature(routeId: string, keys: string[]): void {
    const signature = createHash('sha1').update(keys.join('\n')).digest('hex');
    let known = knownSignatures.get(routeId);
    if (!known) knownSignatures.set(routeId, (known = new Set()));
    if (!known.has(signature)) {
      if (known.size >= maxSignatures || keys.length === 0) return count(routeId, 'signatures_unkept');
      known.add(signature);
    }
    const key = `${routeId}\0${signature}`;
    const s = pending.signatures.get(key);
    if (s) s.count++;
    else pending.signatures.set(key, { routeId, signature, keys, count: 1 });
  }

  function recordNoise(routeId: string, differences: FieldDifference[]): void {
    count(routeId, 'noise_compared');
    for (const d of keptFields(routeId, differences)) addField(routeId, d, 0, 1);
  }

  function flush(): Promise<void> {
    if (!flushing) flushing = writeBatch().finally(() => (flushing = undefined));
    return flushing;
  }

  async function writeBatch(): Promise<void> {
    const batch = pending;
    if (batch.counters.size + batch.fields.size + batch.signatures.size + batch.examples.length === 0) return;
    pending = emptyPending();
    try {
      await knex.transaction((trx) => writeRows(trx, batch));
    } catch (err) {
      mergeBack(batch);
      count('*', 'store_errors');
      for (const e of batch.examples) {
        count(e.routeId, 'examples_lost');
        const known = knownFields.get(e.routeId);
        const key = fieldKey(e.path, e.kind as FieldDifference['kind']);
        if (known?.has(key)) known.set(key, Math.max(0, known.get(key)! - 1)); // later exchanges may supply it
      }
      options.onError?.(err);
    }
  }

  /** Puts a failed batch's counts back (examples are not kept: they are bounded by dropping them). */
  function mergeBack(batch: Pending): void {
    for (const [k, v] of batch.counters) pending.counters.set(k, (pending.counters.get(k) ?? 0) + v);
    for (const [k, f] of batch.fields) {
      const cur = pending.fields.get(k);
      if (cur) {
        cur.raw += f.raw;
        cur.noise += f.noise;
      } else pending.fields.set(k, f);
    }
    for (const [k, s] of batch.signatures) {
      const cur = pending.signatures.get(k);
      if (cur) cur.count += s.count;
      else pending.signatures.set(k, s);
    }
  }

  async function writeRows(trx: Knex.Transaction, batch: Pending): Promise<void> {
    const at = now();
    const counterRows = [...batch.counters].map(([key, value]) => {
      const [routeId, name] = key.split('\0');
      return { route_id: routeId, replica_id: replicaId, name, value, updated_at: at };
    });
    for (const rows of chunk(counterRows)) {
      await trx('shadow_counters')
        .insert(rows)
        .onConflict(['route_id', 'replica_id', 'name'])
        .merge({ value: trx.raw('?? + excluded.value', ['shadow_counters.value']), updated_at: trx.raw('excluded.updated_at') });
    }
    const fieldRows = [...batch.fields.values()].map((f) => ({
      route_id: f.routeId,
      replica_id: replicaId,
      path: f.path,
      kind: f.kind,
      raw_count: f.raw,
      noise_count: f.noise,
    }));
    for (const rows of chunk(fieldRows)) {
      await trx('shadow_fields')
        .insert(rows)
        .onConflict(['route_id', 'replica_id', 'path', 'kind'])
        .merge({
          raw_count: trx.raw('?? + excluded.raw_count', ['shadow_fields.raw_count']),
          noise_count: trx.raw('?? + excluded.noise_count', ['shadow_fields.noise_count']),
        });
    }
    const signatureRows = [...batch.signatures.values()].map((s) => ({
      route_id: s.routeId,
      replica_id: replicaId,
      signature: s.signature,
      field_keys: JSON.stringify(s.keys),
      count: s.count,
    }));
    for (const rows of chunk(signatureRows)) {
      await trx('shadow_signatures')
        .insert(rows)
        .onConflict(['route_id', 'replica_id', 'signature'])
        .merge({ count: trx.raw('?? + excluded.count', ['shadow_signatures.count']) });
    }
    await writeExamples(trx, batch.examples, at);
  }

  /** Keeps at most `examplesPerPath` per route and field fleet-wide, also across restarts. */
  async function writeExamples(trx: Knex.Transaction, examples: Pending['examples'], at: number): Promise<void> {
    const groups = new Map<string, Pending['examples']>();
    for (const e of examples) {
      const key = `${e.routeId}\0${e.path}\0${e.kind}`;
      groups.set(key, [...(groups.get(key) ?? []), e]);
    }
    for (const group of groups.values()) {
      const { routeId, path, kind } = group[0];
      const [{ n }] = await trx('shadow_examples').where({ route_id: routeId, path, kind }).count({ n: '*' });
      const room = examplesPerPath - Number(n);
      if (room <= 0) continue;
      await trx('shadow_examples').insert(
        group.slice(0, room).map((e) => ({ route_id: routeId, replica_id: replicaId, path, kind, created_at: at, example: JSON.stringify(e.example) })),
      );
    }
  }

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    clearInterval(timer);
    await flushing;
    await flush();
  }

  return { count, recordComparison, recordNoise, flush, close };
}

function chunk<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

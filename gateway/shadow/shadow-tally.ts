// What the shadow plane keeps of its results between two store flushes, and the policy that keeps
// it bounded: field paths and mismatch signatures per route are capped (the rest counted as
// unkept), examples are offered only while a field still wants them, and every comparison lands
// in a 10 s evidence bucket of its epoch with both durations. Pure data; the writer flushes it.
import { createHash } from 'node:crypto';
import type { FieldDifference } from '../compare/diff-json.js';
import { fieldKey } from '../compare/summarise-route.js';
import type { EpochRef, EvidenceBucket, EvidenceEpoch, ShadowBatch, ShadowCounter, ShadowExample } from '../store/shadow-records.js';
import { addLatency } from '../telemetry/latency-histogram.js';

export const EVIDENCE_BUCKET_MS = 10_000;
const MAX_PATH = 512;
const CURRENT: EpochRef = { kind: 'current' };

/** What a comparison says beyond its differences: the service's version and both durations. */
export interface ComparisonFacts {
  version?: string;
  monolithMs?: number;
  serviceMs?: number;
}

export interface ShadowTallyOptions {
  now: () => number;
  examplesPerPath: number;
  maxFieldsPerRoute: number;
  maxSignaturesPerRoute: number;
}

export interface ShadowTally {
  count(routeId: string, name: ShadowCounter, n?: number): void;
  recordComparison(routeId: string, differences: FieldDifference[], makeExample: (d: FieldDifference) => ShadowExample, facts?: ComparisonFacts): void;
  recordNoise(routeId: string, differences: FieldDifference[]): void;
  /** Hands over what was recorded since the last call. */
  take(): ShadowBatch | undefined;
  /** A batch the store did not take: its counts come back (examples are dropped and counted). */
  giveBack(batch: ShadowBatch): void;
  /** The store's current epochs after a flush: later comparisons are tagged with them. */
  learnEpochs(epochs: Map<string, EvidenceEpoch>): void;
  /** Lets fields that have their examples offer new ones (a cleared route fills up again). */
  refreshExamples(): void;
}

const emptyBatch = (): ShadowBatch => ({ counters: new Map(), fields: new Map(), signatures: new Map(), examples: [], buckets: new Map(), versions: new Map() });

/** Creates the tally. */
export function createShadowTally(options: ShadowTallyOptions): ShadowTally {
  const { now, examplesPerPath, maxFieldsPerRoute: maxFields, maxSignaturesPerRoute: maxSignatures } = options;
  let pending = emptyBatch();
  const knownFields = new Map<string, Map<string, number>>(); // routeId → field key → examples queued
  const knownSignatures = new Map<string, Set<string>>();
  const epochs = new Map<string, EvidenceEpoch>();

  function count(routeId: string, name: ShadowCounter, n = 1): void {
    const key = `${routeId}\0${name}`;
    const c = pending.counters.get(key);
    if (c) c.value += n;
    else pending.counters.set(key, { routeId, name, value: n });
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

  /** The signature of a mismatch, or undefined when it is beyond the per-route bound. */
  function addSignature(routeId: string, keys: string[]): string | undefined {
    const signature = createHash('sha1').update(keys.join('\n')).digest('hex');
    let known = knownSignatures.get(routeId);
    if (!known) knownSignatures.set(routeId, (known = new Set()));
    if (!known.has(signature)) {
      if (known.size >= maxSignatures || keys.length === 0) {
        count(routeId, 'signatures_unkept');
        return undefined;
      }
      known.add(signature);
    }
    const key = `${routeId}\0${signature}`;
    const s = pending.signatures.get(key);
    if (s) s.count++;
    else pending.signatures.set(key, { routeId, signature, keys, count: 1 });
    return signature;
  }

  /** The epoch a comparison belongs to: a version's that the current epoch (as last seen) does not have, or the current one. */
  function epochFor(routeId: string, version: string | undefined): EpochRef {
    if (version !== undefined && epochs.get(routeId)?.version !== version) return { kind: 'version', version };
    return CURRENT;
  }

  function bucketFor(routeId: string, epoch: EpochRef): EvidenceBucket {
    const bucket = Math.floor(now() / EVIDENCE_BUCKET_MS) * EVIDENCE_BUCKET_MS;
    const ref = epoch.kind === 'version' ? `v:${epoch.version}` : 'cur';
    const key = `${routeId}\0${ref}\0${bucket}`;
    let b = pending.buckets.get(key);
    if (!b) {
      b = { routeId, epoch, bucket, compared: 0, matched: 0, unkept: 0, signatures: new Map(), latency: { monolith: new Map(), service: new Map() } };
      pending.buckets.set(key, b);
    }
    return b;
  }

  function recordComparison(routeId: string, differences: FieldDifference[], makeExample: (d: FieldDifference) => ShadowExample, facts: ComparisonFacts = {}): void {
    const b = bucketFor(routeId, epochFor(routeId, facts.version));
    if (facts.version !== undefined) pending.versions.set(routeId, facts.version);
    b.compared++;
    if (facts.monolithMs !== undefined) addLatency(b.latency.monolith, facts.monolithMs);
    if (facts.serviceMs !== undefined) addLatency(b.latency.service, facts.serviceMs);
    count(routeId, 'compared');
    if (differences.length === 0) {
      b.matched++;
      return count(routeId, 'matched');
    }
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
    const signature = addSignature(routeId, kept.map((d) => fieldKey(d.path, d.kind)).sort());
    if (signature) b.signatures.set(signature, (b.signatures.get(signature) ?? 0) + 1);
    else b.unkept++;
  }

  function recordNoise(routeId: string, differences: FieldDifference[]): void {
    count(routeId, 'noise_compared');
    for (const d of keptFields(routeId, differences)) addField(routeId, d, 0, 1);
  }

  function take(): ShadowBatch | undefined {
    const b = pending;
    if (b.counters.size + b.fields.size + b.signatures.size + b.examples.length + b.buckets.size + b.versions.size === 0) return undefined;
    pending = emptyBatch();
    return b;
  }

  function giveBack(batch: ShadowBatch): void {
    for (const [k, c] of batch.counters) {
      const cur = pending.counters.get(k);
      if (cur) cur.value += c.value;
      else pending.counters.set(k, c);
    }
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
    for (const [routeId, v] of batch.versions) if (!pending.versions.has(routeId)) pending.versions.set(routeId, v);
    for (const [k, b] of batch.buckets) {
      const cur = pending.buckets.get(k);
      if (!cur) {
        pending.buckets.set(k, b);
        continue;
      }
      cur.compared += b.compared;
      cur.matched += b.matched;
      cur.unkept += b.unkept;
      for (const [s, n] of b.signatures) cur.signatures.set(s, (cur.signatures.get(s) ?? 0) + n);
      for (const side of ['monolith', 'service'] as const) for (const [bin, n] of b.latency[side]) cur.latency[side].set(bin, (cur.latency[side].get(bin) ?? 0) + n);
    }
    count('*', 'store_errors');
    for (const e of batch.examples) {
      count(e.routeId, 'examples_lost');
      const known = knownFields.get(e.routeId);
      const key = fieldKey(e.path, e.kind as FieldDifference['kind']);
      if (known?.has(key)) known.set(key, Math.max(0, known.get(key)! - 1)); // later exchanges may supply it
    }
  }

  return {
    count,
    recordComparison,
    recordNoise,
    take,
    giveBack,
    learnEpochs(next) {
      for (const [routeId, e] of next) epochs.set(routeId, e);
    },
    refreshExamples() {
      for (const fields of knownFields.values()) for (const key of fields.keys()) fields.set(key, 0);
    },
  };
}

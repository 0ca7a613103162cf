// Batched writer for shadow results. The data plane only touches the in-memory tally; a timer
// flushes it to the store in one transaction. If the store is down, the counts stay in memory
// (given back to the tally, bounded by routes × fields) and are written once it is back; only
// examples are dropped, and that loss is itself counted. A failed flush never reaches a client.
import type { Knex } from 'knex';
import type { FieldDifference } from '../compare/diff-json.js';
import type { ShadowCounter, ShadowExample } from '../store/shadow-records.js';
import { pruneEvidenceBuckets, writeShadowBatch } from '../store/write-shadow-batch.js';
import { createShadowTally, type ComparisonFacts } from './shadow-tally.js';

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
  /** Evidence buckets older than this are deleted (all-time totals stay); default 7 days. */
  evidenceRetentionMs?: number;
  now?: () => number;
  onError?: (err: unknown) => void;
}

export interface ShadowWriter {
  /** Adds to a route counter. */
  count(routeId: string, name: ShadowCounter, n?: number): void;
  /** Records one monolith-vs-service comparison; `makeExample` is called only for paths that still want examples. */
  recordComparison(routeId: string, differences: FieldDifference[], makeExample: (d: FieldDifference) => ShadowExample, facts?: ComparisonFacts): void;
  /** Records one monolith-vs-monolith comparison (noise learning). */
  recordNoise(routeId: string, differences: FieldDifference[]): void;
  flush(): Promise<void>;
  /** Stops the timer and writes what is pending (once; errors are counted, not thrown). */
  close(): Promise<void>;
}

const PRUNE_EVERY_MS = 10 * 60_000;

/** Creates the writer; call `close()` on shutdown. Example: `createShadowWriter({ knex: store.knex, replicaId: 'gw-1' })`. */
export function createShadowWriter(options: ShadowWriterOptions): ShadowWriter {
  const { knex, replicaId } = options;
  const now = options.now ?? Date.now;
  const examplesPerPath = options.examplesPerPath ?? 5;
  const tally = createShadowTally({
    now,
    examplesPerPath,
    maxFieldsPerRoute: options.maxFieldsPerRoute ?? 1000,
    maxSignaturesPerRoute: options.maxSignaturesPerRoute ?? 2000,
  });
  const exampleRefreshMs = options.exampleRefreshMs ?? 60_000;
  const retentionMs = options.evidenceRetentionMs ?? 7 * 24 * 3600_000;
  let examplesRefreshedAt = now();
  let prunedAt = 0;
  let flushing: Promise<void> | undefined;
  let closed = false;

  const timer = setInterval(() => {
    if (now() - examplesRefreshedAt >= exampleRefreshMs) {
      examplesRefreshedAt = now();
      tally.refreshExamples();
    }
    void flush();
  }, options.flushMs ?? 1000);
  timer.unref();

  function flush(): Promise<void> {
    if (!flushing) flushing = writeBatch().finally(() => (flushing = undefined));
    return flushing;
  }

  async function writeBatch(): Promise<void> {
    const batch = tally.take();
    if (!batch) return;
    const at = now();
    try {
      tally.learnEpochs(await knex.transaction((trx) => writeShadowBatch(trx, batch, { replicaId, at, examplesPerPath })));
    } catch (err) {
      tally.giveBack(batch);
      options.onError?.(err);
      return;
    }
    if (at - prunedAt >= PRUNE_EVERY_MS) {
      prunedAt = at;
      await pruneEvidenceBuckets(knex, at - retentionMs).catch((err: unknown) => options.onError?.(err));
    }
  }

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    clearInterval(timer);
    await flushing;
    await flush();
  }

  return { count: tally.count, recordComparison: tally.recordComparison, recordNoise: tally.recordNoise, flush, close };
}

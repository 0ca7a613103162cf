// `ficus data sync`: captures the named tables' changes in the source and applies them to the target until
// stopped (or, with `once`, until nothing is pending). The first run installs the capture, then makes the
// verified copy from one snapshot of the source and starts the change stream exactly at that snapshot.
import type { Knex } from 'knex';
import { setTimeout as sleep } from 'node:timers/promises';
import { introspectTables } from '../kit/db/introspect-schema.js';
import { orderTablesByForeignKeys } from '../kit/db/order-tables.js';
import type { TableSchema } from '../kit/db/table-schema.js';
import { checkOptions, copyInto, readSourceSchemas, verifySchemas, type CopyProgress, type CopyReport, type VerifyReport } from '../data-copy/copy-tables.js';
import { openPair, type DatabasePair } from '../data-copy/open-pair.js';
import { applyChanges, readChanges, schemaChanged, type ApplyContext, type Change } from './apply-changes.js';
import { SyncError } from './errors.js';
import { installCapture } from './install-capture.js';
import { columnSignature, readCheckpoint, readState, updateState, type SyncState } from './sync-state.js';
import { CHANGES, CHECKPOINT, createCheckpointTable, FENCE, STATE } from './sync-tables.js';
import { createWaker } from './wake-on-notify.js';

export interface SyncOptions {
  from: string;
  to: string;
  tables: string[];
  /** Changes per target transaction. */
  batch?: number;
  /** Apply what is pending, then return. */
  once?: boolean;
  /** How often the change log is read when nothing wakes the applier (PostgreSQL wakes it on NOTIFY). */
  pollMs?: number;
  signal?: AbortSignal;
  onEvent?: (event: SyncEvent) => void;
  onProgress?: (progress: CopyProgress) => void;
}

export type SyncEvent =
  | { type: 'installed'; syncId: string }
  | { type: 'copied'; copied: CopyReport['copied']; verification: VerifyReport; startChange: number }
  | { type: 'batch'; changes: number; lastChange: number; capturedAt: number[]; appliedAt: number }
  | { type: 'retry'; error: string; delayMs: number };

export interface SyncRunReport {
  syncId: string;
  copied: CopyReport['copied'] | null;
  applied: number;
  lastChange: number;
  /** Why the run ended: nothing pending (`once`), the signal, a `--reverse` taking over, a `--stop`. */
  ended: 'drained' | 'signal' | 'reversing' | 'stopped';
}

const HEARTBEAT_MS = 1000;

/** Runs a sync; resolves when it ends (see `ended`), rejects on a schema change or, with `once`, any error. */
export async function runSync(options: SyncOptions): Promise<SyncRunReport> {
  const batch = checkOptions({ batch: options.batch ?? 500, tables: options.tables });
  // A database that is down fails a batch in seconds (and is retried), not after knex's minute.
  const pair = openPair(options.from, options.to, { sourceWrites: true, acquireTimeoutMs: 5000 });
  const waker = createWaker(pair.source.dialect === 'postgres' ? options.from : undefined);
  try {
    const schemas = orderTablesByForeignKeys(await readSourceSchemas(pair.source, options.tables)).ordered;
    const state = await prepareSource(pair, schemas, options);
    let checkpoint = await readCheckpoint(pair.target.knex, state.syncId);
    let copied: CopyReport['copied'] | null = null;
    let startChange: number | undefined;
    if (!checkpoint) {
      const start = await copyFromSnapshot(pair, state, schemas, batch, options.onProgress);
      options.onEvent?.({ type: 'copied', ...start });
      copied = start.copied;
      startChange = start.startChange; // what the copy wrote as the checkpoint, in the same target transaction
      await updateState(pair.source.knex, state.syncId, { phase: 'running' });
    }
    const start = checkpoint?.lastChange ?? startChange!;
    // From here the target may go down at any moment, as inside the loop: retried the same way.
    const ctx = await retryWhileDown(pair.source.knex, state, options, () => applyContext(pair, state, schemas));
    return { copied, ...(await applyLoop(pair, ctx, state, schemas, start, batch, options, waker)) };
  } finally {
    await waker.close();
    await pair.close();
  }
}

/** The source's sync state, installing the capture on a first run; refuses a source busy with another sync. */
async function prepareSource(pair: DatabasePair, schemas: TableSchema[], options: SyncOptions): Promise<SyncState> {
  const source = pair.source.knex;
  if (await source.schema.hasTable(FENCE)) {
    const peer = await readState(pair.target.knex);
    throw new SyncError('FICUS_SYNC_REVERSED', `this sync was reversed: ${pair.target.label} is the source now${peer ? ` (tables ${peer.tables.join(', ')})` : ''}; run it with --from and --to swapped`, {
      source: pair.target.label,
    });
  }
  let state = await readState(source);
  if (state) {
    const same = state.tables.length === schemas.length && schemas.every((s) => state!.tables.includes(s.name));
    if (!same || state.peer !== pair.target.label) {
      throw new SyncError('FICUS_SYNC_BUSY', `${pair.source.label} already syncs ${state.tables.join(', ')} to ${state.peer}; stop that sync first (ficus data sync --stop)`, { tables: state.tables, peer: state.peer });
    }
    if (state.phase === 'reversing') throw new SyncError('FICUS_SYNC_BUSY', `a --reverse of this sync is in progress`, { syncId: state.syncId });
  } else {
    state = await installCapture(source, pair.source.dialect, schemas, pair.target.label);
    options.onEvent?.({ type: 'installed', syncId: state.syncId });
  }
  try {
    checkColumns(state, schemas);
  } catch (err) {
    await updateState(source, state.syncId, { lastError: (err as Error).message, lastErrorAt: Date.now() });
    throw err;
  }
  return state;
}

function checkColumns(state: SyncState, schemas: TableSchema[]): void {
  for (const schema of schemas) {
    const captured = state.columns[schema.name] ?? [];
    const now = columnSignature(schema);
    const added = now.filter((c) => !captured.includes(c)).map((c) => c.split(':')[0]);
    const missing = captured.filter((c) => !now.includes(c)).map((c) => c.split(':')[0]);
    if (added.length || missing.length) throw schemaChanged(schema.name, missing, added);
  }
}

/**
 * The start point: in one read snapshot of the source, the newest change id and every row. Changes up to
 * that id are in the copied rows; every later one is applied by the stream, so none is lost or doubled.
 */
async function copyFromSnapshot(
  pair: DatabasePair,
  state: SyncState,
  ordered: TableSchema[],
  batch: number,
  onProgress?: (p: CopyProgress) => void,
): Promise<{ copied: CopyReport['copied']; verification: VerifyReport; startChange: number }> {
  const dialects = { from: pair.source.dialect, to: pair.target.dialect };
  return pair.source.knex.transaction(
    async (snapshot) => {
      const [{ max }] = await snapshot(CHANGES).max({ max: 'id' });
      const startChange = Number(max ?? 0);
      let copied: CopyReport['copied'] = [];
      await pair.target.knex.transaction(async (trx) => {
        ({ copied } = await copyInto(snapshot, trx, ordered, dialects, batch, onProgress));
        await createCheckpointTable(trx);
        await trx(CHECKPOINT).insert({ sync_id: state.syncId, source: pair.source.label, last_change: startChange, applied_total: 0, applied_at: Date.now() });
      });
      // Nothing has been applied yet, so the target must equal this snapshot exactly.
      const verification = await verifySchemas(snapshot, pair.target.knex, ordered, batch, onProgress);
      return { copied, verification, startChange };
    },
    pair.source.dialect === 'postgres' ? { isolationLevel: 'repeatable read' } : undefined,
  );
}

async function applyContext(pair: DatabasePair, state: SyncState, schemas: TableSchema[]): Promise<ApplyContext> {
  return {
    syncId: state.syncId,
    schemas: new Map(schemas.map((s) => [s.name, s])),
    from: pair.source.dialect,
    to: pair.target.dialect,
    fenced: await pair.target.knex.schema.hasTable(FENCE),
  };
}

/** Applies every pending change, batch by batch; returns the last change applied. Used by the loop and by --reverse. */
export async function drainChanges(pair: DatabasePair, ctx: ApplyContext, after: number, batch: number): Promise<{ lastChange: number; applied: number }> {
  let applied = 0;
  for (;;) {
    const changes = await readChanges(pair.source.knex, CHANGES, after, batch);
    if (!changes.length) return { lastChange: after, applied };
    await applyChanges(pair.target.knex, ctx, after, changes);
    after = changes[changes.length - 1].id;
    applied += changes.length;
    await pruneChanges(pair.source.knex, after);
  }
}

async function applyLoop(
  pair: DatabasePair,
  ctx: ApplyContext,
  state: SyncState,
  schemas: TableSchema[],
  start: number,
  batch: number,
  options: SyncOptions,
  waker: ReturnType<typeof createWaker>,
): Promise<Omit<SyncRunReport, 'copied'>> {
  const source = pair.source.knex;
  const pollMs = options.pollMs ?? (pair.source.dialect === 'postgres' ? 1000 : 50);
  let after = start;
  let applied = 0;
  let failures = 0;
  let lastBeat = 0;
  let ended: SyncRunReport['ended'] | undefined;
  const report = () => ({ syncId: state.syncId, applied, lastChange: after, ended: ended! });
  const recovered = async () => {
    failures = 0;
    await updateState(source, state.syncId, { lastError: null, lastErrorAt: null }).catch(() => undefined);
  };
  try {
    for (;;) {
      if (options.signal?.aborted) {
        ended = 'signal';
        return report();
      }
      try {
        if (Date.now() - lastBeat >= HEARTBEAT_MS) {
          const now = await heartbeat(source, state, schemas);
          if (now !== 'running') {
            ended = now;
            return report();
          }
          lastBeat = Date.now();
        }
        const changes = await readChanges(source, CHANGES, after, batch);
        if (!changes.length) {
          if (options.once) {
            ended = 'drained';
            return report();
          }
          await waker.wait(pollMs, options.signal);
          continue;
        }
        await applyChanges(pair.target.knex, ctx, after, changes);
        after = changes[changes.length - 1].id;
        applied += changes.length;
        options.onEvent?.({ type: 'batch', changes: changes.length, lastChange: after, capturedAt: changes.map((c: Change) => c.at), appliedAt: Date.now() });
        await pruneChanges(source, after);
        if (failures) await recovered();
      } catch (err) {
        // The target may be down, or may have committed a batch whose answer was lost: back off, then
        // re-read the checkpoint, which the target moved only if the batch committed.
        failures += 1;
        await backOff(source, state, options, failures, err);
        const before = after;
        after = (await readCheckpoint(pair.target.knex, state.syncId).catch(() => undefined))?.lastChange ?? after;
        // The batch had committed after all: there may be no batch left to clear the error with, and
        // --status would go on showing an outage that is over.
        if (after > before) await recovered();
      }
    }
  } finally {
    if (await source.schema.hasTable(STATE).catch(() => false)) await updateState(source, state.syncId, { ownerPid: null }).catch(() => undefined);
  }
}

/** Marks this process as the applier, checks the captured tables' columns, and says whether to go on. */
async function heartbeat(source: Knex, state: SyncState, schemas: TableSchema[]): Promise<'running' | 'reversing' | 'stopped'> {
  const current = await readState(source);
  if (!current || current.syncId !== state.syncId) return 'stopped';
  if (current.phase === 'reversing') return 'reversing';
  checkColumns(state, await introspectTables(source, schemas.map((s) => s.name)));
  await updateState(source, state.syncId, { heartbeatAt: Date.now(), ownerPid: process.pid });
  return 'running';
}

// Applied changes leave the log; a failure here only delays that to the next batch.
async function pruneChanges(source: Knex, upTo: number): Promise<void> {
  await source(CHANGES).where('id', '<=', upTo).del().catch(() => undefined);
}

/** Records the error and waits before a retry (doubling to 5 s); rethrows what a retry cannot mend. */
async function backOff(source: Knex, state: SyncState, options: SyncOptions, failures: number, err: unknown): Promise<void> {
  const message = err instanceof Error ? err.message : String(err);
  await updateState(source, state.syncId, { lastError: message, lastErrorAt: Date.now() }).catch(() => undefined);
  if (err instanceof SyncError || options.once) throw err;
  const delayMs = Math.min(5000, 250 * 2 ** (failures - 1));
  options.onEvent?.({ type: 'retry', error: message, delayMs });
  await sleep(delayMs, undefined, { signal: options.signal }).catch(() => undefined);
}

/** Runs `read` against a target that may be down, retrying with the loop's backoff until it answers or the run is stopped. */
async function retryWhileDown<T>(source: Knex, state: SyncState, options: SyncOptions, read: () => Promise<T>): Promise<T> {
  for (let failures = 1; ; failures++) {
    try {
      return await read();
    } catch (err) {
      if (options.signal?.aborted) throw err;
      await backOff(source, state, options, failures, err);
    }
  }
}

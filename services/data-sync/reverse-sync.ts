// `ficus data sync --reverse`: hands a seam's tables over to the service. Quiesce (fence the source's
// tables: only the applier may write them from now on), drain what was captured before the fence, verify
// both sides equal, switch (capture at the old target, checkpoint at the old source), resume the other way.
import { setTimeout as sleep } from 'node:timers/promises';
import { orderTablesByForeignKeys } from '../kit/db/order-tables.js';
import { checkOptions, readSourceSchemas, verifySchemas, type VerifyReport } from '../data-copy/copy-tables.js';
import { openPair } from '../data-copy/open-pair.js';
import { SyncError } from './errors.js';
import { installCapture, installFence, removeCapture, removeSyncObjects } from './install-capture.js';
import { drainChanges } from './run-sync.js';
import { readCheckpoint, readState, updateState } from './sync-state.js';
import { CHECKPOINT, createCheckpointTable, FENCE } from './sync-tables.js';

export interface ReverseOptions {
  from: string;
  to: string;
  tables: string[];
  batch?: number;
  /** How long to wait for a running applier to hand over. */
  waitMs?: number;
}

export interface ReverseReport {
  /** The old source (fenced now) and the old target (the source now). */
  source: string;
  target: string;
  tables: string[];
  drained: number;
  verification: VerifyReport;
  /** From fencing the old source to capture running at the new one. */
  turnMs: number;
  syncId: string;
}

export async function reverseSync(options: ReverseOptions): Promise<ReverseReport> {
  const batch = checkOptions({ batch: options.batch ?? 500, tables: options.tables });
  const pair = openPair(options.from, options.to, { sourceWrites: true });
  const { source, target } = pair;
  try {
    const state = await readState(source.knex);
    if (!state) {
      if (await source.knex.schema.hasTable(FENCE)) throw new SyncError('FICUS_SYNC_REVERSED', `already reversed: ${target.label} is the source`, {});
      throw new SyncError('FICUS_SYNC_NOT_RUNNING', `no sync from ${source.label} to reverse`, {});
    }
    const checkpoint = await readCheckpoint(target.knex, state.syncId);
    const sameTables = state.tables.length === options.tables.length && options.tables.every((t) => state.tables.includes(t));
    if (!checkpoint || !sameTables || state.peer !== target.label) {
      throw new SyncError('FICUS_SYNC_NOT_RUNNING', `no started sync of ${options.tables.join(', ')} from ${source.label} to ${target.label} (it syncs ${state.tables.join(', ')} to ${state.peer})`, {});
    }
    const schemas = orderTablesByForeignKeys(await readSourceSchemas(source, state.tables)).ordered;
    // A running applier sees the phase at its next heartbeat, finishes its batch and lets go.
    await updateState(source.knex, state.syncId, { phase: 'reversing' });
    await waitForApplier(source.knex, state.syncId, options.waitMs ?? 10_000);

    const started = performance.now();
    await installFence(source.knex, source.dialect, state.tables);
    const ctx = { syncId: state.syncId, schemas: new Map(schemas.map((s) => [s.name, s])), from: source.dialect, to: target.dialect, fenced: await target.knex.schema.hasTable(FENCE) };
    let drained: { applied: number };
    let verification: VerifyReport;
    try {
      drained = await drainChanges(pair, ctx, (await readCheckpoint(target.knex, state.syncId))!.lastChange, batch);
      verification = await verifySchemas(source.knex, target.knex, schemas, 1000);
      if (!verification.ok) {
        const bad = verification.tables.filter((t) => !t.match).map((t) => t.table);
        throw new SyncError('FICUS_SYNC_NOT_RUNNING', `after draining, ${bad.join(', ')} differ between ${source.label} and ${target.label}: not reversed (copy again)`, { tables: bad });
      }
    } catch (err) {
      await removeSyncObjects(source.knex, source.dialect, state.tables, []); // lift the fence again
      await updateState(source.knex, state.syncId, { phase: 'running' });
      throw err;
    }

    // Switch: capture at the new source first, so no write there can go unseen, then retire the old capture.
    const targetSchemas = await readSourceSchemas(target, state.tables);
    const next = await installCapture(target.knex, target.dialect, targetSchemas, source.label);
    await updateState(target.knex, next.syncId, { phase: 'running' });
    await createCheckpointTable(source.knex);
    await source.knex(CHECKPOINT).insert({ sync_id: next.syncId, source: target.label, last_change: 0, applied_total: 0, applied_at: Date.now() });
    await removeCapture(source.knex, source.dialect, state.tables);
    await target.knex(CHECKPOINT).where({ sync_id: state.syncId }).del();
    const turnMs = Math.round(performance.now() - started);
    return { source: source.label, target: target.label, tables: state.tables, drained: drained.applied, verification, turnMs, syncId: next.syncId };
  } finally {
    await pair.close();
  }
}

async function waitForApplier(knex: Parameters<typeof readState>[0], syncId: string, waitMs: number): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const s = await readState(knex);
    const alive = s && s.syncId === syncId && s.ownerPid !== null && s.heartbeatAt !== null && Date.now() - s.heartbeatAt < 3000;
    if (!alive) return;
    if (Date.now() > deadline) {
      await updateState(knex, syncId, { phase: 'running' });
      throw new SyncError('FICUS_SYNC_BUSY', `the applier (pid ${s.ownerPid}) did not hand over within ${waitMs} ms; nothing was changed`, { pid: s.ownerPid });
    }
    await sleep(100);
  }
}

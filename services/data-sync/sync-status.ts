// `ficus data sync --status`: where a sync between two databases stands, whichever way it runs now.
import { openKnex, type OpenedDatabase } from '../kit/db/open-knex.js';
import { readBacklog, readCheckpoint, readState, type SyncState } from './sync-state.js';
import { SyncError } from './errors.js';
import { CHANGES, FENCE } from './sync-tables.js';

export interface SyncStatus {
  syncId: string;
  source: string;
  target: string;
  /** True when the sync runs from --to to --from: it was reversed. */
  reversed: boolean;
  tables: string[];
  phase: SyncState['phase'];
  /** An applier sent a heartbeat within the last 5 s. */
  applierAlive: boolean;
  lastApplied: { change: number; at: number | null };
  appliedTotal: number;
  lag: { changes: number; seconds: number };
  lastError: { message: string; at: number } | null;
  /** The target refuses writes other than the applier's (the old source, after a reverse). */
  targetFenced: boolean;
}

export interface DatabaseEnds {
  from: string;
  to: string;
}

/** Opens both databases and finds the sync between them (its state lives in whichever is the source now). */
export async function withSyncEnds<T>(ends: DatabaseEnds, fn: (source: OpenedDatabase, target: OpenedDatabase, state: SyncState, reversed: boolean) => Promise<T>): Promise<T> {
  const a = openKnex(ends.from, { mustExist: true });
  let b: OpenedDatabase | undefined;
  try {
    b = openKnex(ends.to, { mustExist: true });
    const forward = await readState(a.knex);
    if (forward) return await fn(a, b, forward, false);
    const backward = await readState(b.knex);
    if (backward) return await fn(b, a, backward, true);
    throw new SyncError('FICUS_SYNC_NOT_RUNNING', `no sync between ${a.label} and ${b.label}`, { from: a.label, to: b.label });
  } finally {
    await Promise.all([a.knex.destroy(), b?.knex.destroy()]);
  }
}

export async function readSyncStatus(ends: DatabaseEnds, now = Date.now()): Promise<SyncStatus> {
  return withSyncEnds(ends, async (source, target, state, reversed) => {
    const checkpoint = await readCheckpoint(target.knex, state.syncId);
    const after = checkpoint?.lastChange ?? 0;
    const backlog = (await source.knex.schema.hasTable(CHANGES)) ? await readBacklog(source.knex, after) : { pending: 0, oldestAt: null };
    return {
      syncId: state.syncId,
      source: source.label,
      target: target.label,
      reversed,
      tables: state.tables,
      phase: state.phase,
      applierAlive: state.ownerPid !== null && state.heartbeatAt !== null && now - state.heartbeatAt < 5000,
      lastApplied: { change: after, at: checkpoint?.appliedAt ?? null },
      appliedTotal: checkpoint?.appliedTotal ?? 0,
      lag: { changes: backlog.pending, seconds: backlog.oldestAt === null ? 0 : Math.max(0, (now - backlog.oldestAt) / 1000) },
      lastError: state.lastError ? { message: state.lastError, at: state.lastErrorAt ?? 0 } : null,
      targetFenced: await target.knex.schema.hasTable(FENCE),
    };
  });
}

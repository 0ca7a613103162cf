// `ficus data sync --stop`: removes what the sync created on both sides (triggers, change log, state,
// fence, checkpoint) and nothing else; a running applier sees its state gone and ends.
import { removeSyncObjects } from './install-capture.js';
import { readBacklog, readCheckpoint } from './sync-state.js';
import { withSyncEnds, type DatabaseEnds } from './sync-status.js';

export interface StopReport {
  syncId: string;
  source: string;
  target: string;
  tables: string[];
  /** Changes captured but never applied (the target misses them). */
  unapplied: number;
}

export async function stopSync(ends: DatabaseEnds): Promise<StopReport> {
  return withSyncEnds(ends, async (source, target, state) => {
    const checkpoint = await readCheckpoint(target.knex, state.syncId);
    const { pending } = await readBacklog(source.knex, checkpoint?.lastChange ?? 0);
    await removeSyncObjects(source.knex, source.dialect, state.tables, [state.syncId]);
    await removeSyncObjects(target.knex, target.dialect, state.tables, [state.syncId]);
    return { syncId: state.syncId, source: source.label, target: target.label, tables: state.tables, unapplied: pending };
  });
}

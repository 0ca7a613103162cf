// The sync's state row in the source database and its checkpoint row in the target, read and written.
import type { Knex } from 'knex';
import type { TableSchema } from '../kit/db/table-schema.js';
import { CHANGES, CHECKPOINT, STATE } from './sync-tables.js';

export type SyncPhase = 'copying' | 'running' | 'reversing';

export interface SyncState {
  syncId: string;
  peer: string;
  tables: string[];
  /** Per table, "name:declared type" of each column as captured: the schema the change images follow. */
  columns: Record<string, string[]>;
  phase: SyncPhase;
  lastError: string | null;
  lastErrorAt: number | null;
  heartbeatAt: number | null;
  ownerPid: number | null;
  createdAt: number;
}

export interface Checkpoint {
  syncId: string;
  source: string;
  lastChange: number;
  appliedTotal: number;
  appliedAt: number;
}

/** The column signature a change image must match. */
export function columnSignature(schema: TableSchema): string[] {
  return schema.columns.map((c) => `${c.name}:${c.rawType}`);
}

export async function readState(knex: Knex): Promise<SyncState | undefined> {
  if (!(await knex.schema.hasTable(STATE))) return undefined;
  const row = await knex(STATE).first();
  if (!row) return undefined;
  return {
    syncId: row.sync_id,
    peer: row.peer,
    tables: JSON.parse(row.tables),
    columns: JSON.parse(row.columns),
    phase: row.phase,
    lastError: row.last_error ?? null,
    lastErrorAt: row.last_error_at === null ? null : Number(row.last_error_at),
    heartbeatAt: row.heartbeat_at === null ? null : Number(row.heartbeat_at),
    ownerPid: row.owner_pid ?? null,
    createdAt: Number(row.created_at),
  };
}

export async function insertState(knex: Knex, state: Pick<SyncState, 'syncId' | 'peer' | 'tables' | 'columns' | 'phase'>, now = Date.now()): Promise<void> {
  await knex(STATE).insert({ sync_id: state.syncId, peer: state.peer, tables: JSON.stringify(state.tables), columns: JSON.stringify(state.columns), phase: state.phase, created_at: now });
}

export async function updateState(knex: Knex, syncId: string, patch: Partial<Pick<SyncState, 'phase' | 'lastError' | 'lastErrorAt' | 'heartbeatAt' | 'ownerPid'>>): Promise<void> {
  const row: Record<string, unknown> = {};
  if (patch.phase !== undefined) row.phase = patch.phase;
  if (patch.lastError !== undefined) row.last_error = patch.lastError;
  if (patch.lastErrorAt !== undefined) row.last_error_at = patch.lastErrorAt;
  if (patch.heartbeatAt !== undefined) row.heartbeat_at = patch.heartbeatAt;
  if (patch.ownerPid !== undefined) row.owner_pid = patch.ownerPid;
  if (Object.keys(row).length) await knex(STATE).where({ sync_id: syncId }).update(row);
}

export async function readCheckpoint(knex: Knex, syncId?: string): Promise<Checkpoint | undefined> {
  if (!(await knex.schema.hasTable(CHECKPOINT))) return undefined;
  const query = knex(CHECKPOINT);
  if (syncId) query.where({ sync_id: syncId });
  const row = await query.first();
  if (!row) return undefined;
  return { syncId: row.sync_id, source: row.source, lastChange: Number(row.last_change), appliedTotal: Number(row.applied_total), appliedAt: Number(row.applied_at) };
}

/** Pending changes after `after`: how many, and when the oldest was captured. */
export async function readBacklog(source: Knex, after: number): Promise<{ pending: number; oldestAt: number | null; newestId: number }> {
  const [row] = await source(CHANGES).where('id', '>', after).select(source.raw('count(*) as n'), source.raw('min(at) as oldest'), source.raw('max(id) as newest'));
  return { pending: Number(row.n), oldestAt: row.oldest === null ? null : Number(row.oldest), newestId: row.newest === null ? after : Number(row.newest) };
}

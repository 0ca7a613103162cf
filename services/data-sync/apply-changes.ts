// Applies a batch of captured changes to the target in one transaction, in change-id (commit) order, and
// moves the checkpoint in that same transaction: a crash before the commit applies nothing of the batch,
// after it applies all of it, so a resumed sync applies each change exactly once.
import type { Knex } from 'knex';
import type { Dialect } from '../kit/db/open-knex.js';
import type { TableSchema } from '../kit/db/table-schema.js';
import { decodeImage } from './decode-image.js';
import { SyncError } from './errors.js';
import { CHECKPOINT, FENCE } from './sync-tables.js';

export interface Change {
  id: number;
  tbl: string;
  op: 'I' | 'U' | 'D';
  old_key: string | null;
  row: string | null;
  at: number;
}

export interface ApplyContext {
  syncId: string;
  schemas: Map<string, TableSchema>;
  from: Dialect;
  to: Dialect;
  /** The target has a write fence (it was the source before a reverse): the applier opens it for its transaction. */
  fenced: boolean;
}

/** Reads up to `limit` changes after `after`, oldest first. */
export async function readChanges(source: Knex, table: string, after: number, limit: number): Promise<Change[]> {
  const rows: Change[] = await source(table).select('id', 'tbl', 'op', 'old_key', 'row', 'at').where('id', '>', after).orderBy('id').limit(limit);
  return rows.map((r) => ({ ...r, id: Number(r.id), at: Number(r.at) }));
}

/**
 * Applies `changes` (which follow checkpoint `after`) and sets the checkpoint to the last one. Throws
 * FICUS_SYNC_SCHEMA_CHANGED, applying nothing, when an image's columns differ from the captured schema.
 */
export async function applyChanges(target: Knex, ctx: ApplyContext, after: number, changes: Change[], now = Date.now()): Promise<void> {
  if (!changes.length) return;
  await target.transaction(async (trx) => {
    if (ctx.to === 'sqlite') await trx.raw('PRAGMA defer_foreign_keys = ON');
    // MySQL checks foreign keys row by row and cannot defer them; the batch is a committed source state.
    if (ctx.to === 'mysql') await trx.raw('SET foreign_key_checks = 0');
    if (ctx.fenced) await trx(FENCE).update({ open: 1 });
    for (const step of planSteps(ctx, changes)) {
      if (step.kind === 'delete') await deleteKeys(trx, step.schema, step.rows);
      else await trx(step.schema.name).insert(step.rows).onConflict(step.schema.primaryKey).merge();
    }
    if (ctx.fenced) await trx(FENCE).update({ open: 0 });
    if (ctx.to === 'mysql') await trx.raw('SET foreign_key_checks = 1');
    // Optimistic: a second applier that raced this one finds the checkpoint moved and rolls back.
    const moved = await trx(CHECKPOINT)
      .where({ sync_id: ctx.syncId, last_change: after })
      .update({ last_change: changes[changes.length - 1].id, applied_total: trx.raw('applied_total + ?', [changes.length]), applied_at: now });
    if (moved !== 1) throw new Error(`the checkpoint of sync ${ctx.syncId} moved while a batch was applied (two appliers?)`);
  });
}

interface Step {
  kind: 'delete' | 'upsert';
  schema: TableSchema;
  rows: Record<string, unknown>[];
}

// Both engines cap bound parameters per statement; SQLite's multi-row insert is a compound SELECT of at most 500 terms.
const MAX_PARAMS = 30_000;
const MAX_ROWS = 500;

/**
 * The changes as row writes, in order: a delete by key, or an upsert of the whole row. Consecutive writes
 * of one kind to one table with distinct keys become one statement (a multi-row statement checks its rows
 * one after another, as separate statements would), so a batch costs a few round trips, not one per change.
 */
export function planSteps(ctx: ApplyContext, changes: Change[]): Step[] {
  const steps: Step[] = [];
  let keys = new Set<string>();
  const push = (kind: Step['kind'], schema: TableSchema, row: Record<string, unknown>) => {
    const last = steps[steps.length - 1];
    const key = JSON.stringify(schema.primaryKey.map((k) => String(row[k])));
    const room = Math.min(MAX_ROWS, Math.floor(MAX_PARAMS / Math.max(1, Object.keys(row).length)));
    if (last && last.kind === kind && last.schema === schema && !keys.has(key) && last.rows.length < room) {
      last.rows.push(row);
    } else {
      steps.push({ kind, schema, rows: [row] });
      keys = new Set();
    }
    keys.add(key);
  };
  for (const change of changes) {
    const schema = ctx.schemas.get(change.tbl);
    if (!schema) continue; // a table captured by an earlier sync of this source, no longer synced
    const key = change.old_key ? decodeChecked(schema, ctx, change, change.old_key, true) : undefined;
    const row = change.row ? decodeChecked(schema, ctx, change, change.row, false) : undefined;
    // A delete, or an update that changed the key: the old key goes first.
    if (key && (!row || schema.primaryKey.some((k) => String(key[k]) !== String(row[k])))) push('delete', schema, key);
    if (row) push('upsert', schema, row);
  }
  return steps;
}

async function deleteKeys(trx: Knex.Transaction, schema: TableSchema, keys: Record<string, unknown>[]): Promise<void> {
  const pk = schema.primaryKey;
  if (pk.length === 1) await trx(schema.name).whereIn(pk[0], keys.map((k) => k[pk[0]] as Knex.Value)).del();
  else await trx(schema.name).whereIn(pk, keys.map((k) => pk.map((c) => k[c] as Knex.Value))).del();
}

function decodeChecked(schema: TableSchema, ctx: ApplyContext, change: Change, json: string, keyOnly: boolean): Record<string, unknown> {
  const decoded = decodeImage(schema, JSON.parse(json) as Record<string, unknown>, ctx.from, ctx.to, keyOnly);
  if (decoded.missing.length || decoded.unknown.length) throw schemaChanged(schema.name, decoded.missing, decoded.unknown, change.id);
  return decoded.values;
}

export function schemaChanged(table: string, missing: string[], added: string[], changeId?: number): SyncError {
  const parts = [added.length ? `gained ${added.join(', ')}` : '', missing.length ? `lost ${missing.join(', ')}` : ''].filter(Boolean);
  return new SyncError(
    'FICUS_SYNC_SCHEMA_CHANGED',
    `table ${table} changed at the source (${parts.join('; ')})${changeId ? ` at change ${changeId}` : ''}: sync paused, nothing of it applied; change the target the same way and \`ficus data sync --stop\`, then copy and sync again`,
    { table, missing, added, changeId },
  );
}

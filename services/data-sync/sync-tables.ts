// The tables `ficus data sync` creates, by knex's schema builder so they are the same on every engine:
// the change log and the sync's state in the source, the checkpoint in the target, the write fence.
import type { Knex } from 'knex';
import { SYNC_STATE_TABLE } from '../../common/data-sync-contract.js';

export const CHANGES = 'ficus_sync_changes';
export const STATE = SYNC_STATE_TABLE; // read by the gateway's write guard
export const CHECKPOINT = 'ficus_sync_checkpoint';
export const FENCE = 'ficus_sync_fence';

/** The change log (one row per captured row change, ids in commit order) and the state row, in the source. */
export async function createCaptureTables(knex: Knex): Promise<void> {
  if (!(await knex.schema.hasTable(CHANGES))) {
    await knex.schema.createTable(CHANGES, (t) => {
      t.bigIncrements('id');
      t.string('tbl', 128).notNullable();
      t.string('op', 1).notNullable(); // I, U, D
      t.text('old_key'); // the key before an update or delete, as JSON
      t.text('row'); // the row after an insert or update, as JSON
      t.bigInteger('at').notNullable(); // epoch ms when captured
    });
  }
  if (!(await knex.schema.hasTable(STATE))) {
    await knex.schema.createTable(STATE, (t) => {
      t.string('sync_id', 64).primary();
      t.text('peer').notNullable(); // the target, as a label without password
      t.text('tables').notNullable(); // JSON: names in the order given
      t.text('columns').notNullable(); // JSON: { table: [ "name:kind", ... ] } as captured
      t.string('phase', 16).notNullable(); // copying | running | reversing
      t.text('last_error');
      t.bigInteger('last_error_at');
      t.bigInteger('heartbeat_at');
      t.integer('owner_pid');
      t.bigInteger('created_at').notNullable();
    });
  }
}

/** The checkpoint table in the target: per sync, the last change applied, written in the batch's transaction. */
export async function createCheckpointTable(knex: Knex): Promise<void> {
  if (await knex.schema.hasTable(CHECKPOINT)) return;
  await knex.schema.createTable(CHECKPOINT, (t) => {
    t.string('sync_id', 64).primary();
    t.text('source').notNullable();
    t.bigInteger('last_change').notNullable();
    t.bigInteger('applied_total').notNullable();
    t.bigInteger('applied_at').notNullable();
  });
}

/** The fence switch: writes to fenced tables pass only inside a transaction that set `open` to 1 (the applier's). */
export async function createFenceTable(knex: Knex): Promise<void> {
  if (await knex.schema.hasTable(FENCE)) return;
  await knex.schema.createTable(FENCE, (t) => t.integer('open').notNullable());
  await knex(FENCE).insert({ open: 0 });
}

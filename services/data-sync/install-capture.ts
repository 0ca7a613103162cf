// Installs and removes what a sync puts into a database: capture triggers, change log and state in the
// source; the write fence in a database that stopped being the source. Each in one transaction.
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import type { Dialect } from '../kit/db/open-knex.js';
import type { TableSchema } from '../kit/db/table-schema.js';
import { captureStatements, dropCaptureStatements, dropFenceStatements, fenceStatements, setupStatements, teardownStatements } from './capture-sql.js';
import { columnSignature, insertState, readState, type SyncState } from './sync-state.js';
import { CHANGES, CHECKPOINT, createCaptureTables, createFenceTable, FENCE, STATE } from './sync-tables.js';

async function run(knex: Knex, statements: string[]): Promise<void> {
  for (const sql of statements) await knex.raw(sql);
}

/** Creates the change log and state, then the triggers of every table; returns the new sync's state. */
export async function installCapture(knex: Knex, dialect: Dialect, schemas: TableSchema[], peer: string): Promise<SyncState> {
  const syncId = randomUUID();
  await knex.transaction(async (trx) => {
    await createCaptureTables(trx);
    await run(trx, setupStatements(dialect));
    for (const schema of schemas) await run(trx, [...dropCaptureStatements(dialect, schema.name), ...captureStatements(dialect, schema)]);
    const columns = Object.fromEntries(schemas.map((s) => [s.name, columnSignature(s)]));
    await insertState(trx, { syncId, peer, tables: schemas.map((s) => s.name), columns, phase: 'copying' });
  });
  return (await readState(knex))!;
}

/** Drops the capture triggers of `tables`, the change log and the state (the fence, if any, stays). */
export async function removeCapture(knex: Knex, dialect: Dialect, tables: string[]): Promise<void> {
  await knex.transaction(async (trx) => {
    for (const table of tables) if (await trx.schema.hasTable(table)) await run(trx, dropCaptureStatements(dialect, table));
    await trx.schema.dropTableIfExists(CHANGES);
    await trx.schema.dropTableIfExists(STATE);
  });
}

/** Refuses every write to `tables` except the applier's. */
export async function installFence(knex: Knex, dialect: Dialect, tables: string[]): Promise<void> {
  await knex.transaction(async (trx) => {
    await createFenceTable(trx);
    await run(trx, setupStatements(dialect));
    for (const table of tables) await run(trx, [...dropFenceStatements(dialect, table), ...fenceStatements(dialect, table)]);
  });
}

/**
 * Removes everything of sync `syncId` from a database, whichever side it is on: capture triggers, fence
 * triggers, change log, state, fence, its checkpoint row; the checkpoint table and PostgreSQL's trigger
 * functions go when nothing else uses them. Never touches the tables' rows.
 */
export async function removeSyncObjects(knex: Knex, dialect: Dialect, tables: string[], syncIds: string[]): Promise<void> {
  await knex.transaction(async (trx) => {
    const state = await readState(trx);
    const ours = !state || syncIds.includes(state.syncId);
    for (const table of tables) {
      if (!(await trx.schema.hasTable(table))) continue;
      if (ours) await run(trx, dropCaptureStatements(dialect, table));
      await run(trx, dropFenceStatements(dialect, table));
    }
    if (ours) {
      await trx.schema.dropTableIfExists(CHANGES);
      await trx.schema.dropTableIfExists(STATE);
      await run(trx, teardownStatements(dialect));
    }
    await trx.schema.dropTableIfExists(FENCE);
    if (await trx.schema.hasTable(CHECKPOINT)) {
      await trx(CHECKPOINT).whereIn('sync_id', syncIds).del();
      const [{ n }] = await trx(CHECKPOINT).count({ n: '*' });
      if (Number(n) === 0) await trx.schema.dropTable(CHECKPOINT);
    }
  });
}

// Errors of `ficus data sync`, each with a stable code; lag and retries are status data, not errors.
import { CodedError } from '../../common/coded-error.js';

export type SyncErrorCode =
  | 'FICUS_SYNC_ARGS' // bad options: no tables, bad batch size, conflicting flags
  | 'FICUS_SYNC_BUSY' // the source already runs a sync of other tables or to another target
  | 'FICUS_SYNC_NOT_RUNNING' // --status/--stop/--reverse found no sync between the two databases
  | 'FICUS_SYNC_REVERSED' // the sync was turned: the other database is the source now
  | 'FICUS_SYNC_SCHEMA_CHANGED'; // a synced table's columns changed at the source: sync paused, nothing applied

export class SyncError extends CodedError<SyncErrorCode> {}

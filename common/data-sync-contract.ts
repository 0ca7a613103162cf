// What `ficus data sync` leaves in a source database for others to read: the gateway's write guard reads
// its state row to know which tables still sync monolith → service (services/data-sync writes it).
export const SYNC_STATE_TABLE = 'ficus_sync_state';

/** The state row's columns the guard reads. */
export interface SyncStateRow {
  sync_id: string;
  peer: string;
  tables: string; // JSON array
  phase: string; // copying | running | reversing
}

// One writer per table: a route that writes tables still synced monolith → service by `ficus data sync`
// may not send writes to the service (canary or service mode), since the sync would overwrite them and
// they would never reach the monolith. The refusal names the tables and the command that turns the sync.
import type { Knex } from 'knex';
import { SYNC_STATE_TABLE, type SyncStateRow } from '../../common/data-sync-contract.js';
import { openKnex, type OpenedDatabase } from '../../common/open-knex.js';
import type { Mode, RouteConfig } from '../config/schema.js';

const WRITES = ['POST', 'PUT', 'PATCH', 'DELETE'];

export interface WriteRefusal {
  message: string;
  details: { tables: string[]; syncTo: string; command: string };
}

/** True when the route can write: a write method, or no methods listed (every method). */
export function routeWrites(route: RouteConfig): boolean {
  return !route.match.methods || route.match.methods.some((m) => WRITES.includes(m));
}

/**
 * Checks a change of `route` to `to`; resolves to a refusal, or undefined when it may go ahead. Only moves
 * that send writes to the service are checked (to canary or service) of routes that declare `tables`.
 */
export async function checkWriteOwnership(route: RouteConfig, to: { mode: Mode }, monolithDb: Knex | undefined, monolithLabel: string): Promise<WriteRefusal | undefined> {
  if (!monolithDb || !route.tables?.length || !routeWrites(route) || (to.mode !== 'canary' && to.mode !== 'service')) return undefined;
  if (!(await monolithDb.schema.hasTable(SYNC_STATE_TABLE))) return undefined;
  const row = (await monolithDb(SYNC_STATE_TABLE).first()) as SyncStateRow | undefined;
  if (!row || row.phase === 'reversing') return undefined;
  const synced: string[] = JSON.parse(row.tables);
  const tables = route.tables.filter((t) => synced.includes(t));
  if (!tables.length) return undefined;
  const command = `ficus data sync --reverse --from ${monolithLabel} --to ${row.peer} --tables ${synced.join(',')}`;
  return {
    message: `"${route.id}" writes ${tables.join(', ')}, which data sync still copies from the monolith to ${row.peer}: writes sent to the service would be overwritten and never reach the monolith; turn the sync first (${command})`,
    details: { tables, syncTo: row.peer, command },
  };
}

/** The guard over the configured monolith database (`data.url`), opened read-only on first use. */
export function createWriteGuard(url: string | undefined): { check: (route: RouteConfig, to: { mode: Mode }) => Promise<WriteRefusal | undefined>; close: () => Promise<void> } {
  let db: OpenedDatabase | undefined;
  return {
    check: async (route, to) => {
      if (!url || !route.tables?.length) return undefined;
      db ??= openKnex(url, { mustExist: true, readonly: true, pool: { max: 1 } });
      return checkWriteOwnership(route, to, db.knex, db.label);
    },
    close: async () => void (await db?.knex.destroy()),
  };
}

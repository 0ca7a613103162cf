// A named lease in the store: one holder at a time until it expires, renewed by its holder. The
// one statement is atomic in SQLite and PostgreSQL, so two replicas never both hold it.
import type { Knex } from 'knex';

/** Takes or renews `name` for `holder` until `now + ttlMs`; true when `holder` has it. */
export async function acquireLease(knex: Knex, name: string, holder: string, now: number, ttlMs: number): Promise<boolean> {
  await knex.raw(
    `insert into ficus_leases (name, holder, expires_at) values (?, ?, ?)
     on conflict (name) do update set holder = excluded.holder, expires_at = excluded.expires_at
     where ficus_leases.expires_at < ? or ficus_leases.holder = excluded.holder`,
    [name, holder, now + ttlMs, now],
  );
  const row = (await knex('ficus_leases').where({ name }).first('holder')) as { holder: string } | undefined;
  return row?.holder === holder;
}

/** Gives the lease up (shutdown), so another replica takes over without waiting for it to expire. */
export async function releaseLease(knex: Knex, name: string, holder: string): Promise<void> {
  await knex('ficus_leases').where({ name, holder }).delete();
}

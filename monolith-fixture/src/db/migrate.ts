// Runs the shop's migrations from the code list in migrations/index.ts (no directory scan).
import type { Knex } from 'knex';
import { migrations, type ShopMigration } from './migrations/index.js';

const migrationSource: Knex.MigrationSource<ShopMigration> = {
  getMigrations: async () => migrations,
  getMigrationName: (m) => m.name,
  getMigration: async (m) => m,
};

/** Applies every pending migration; returns the names applied. */
export async function migrateLatest(knex: Knex): Promise<string[]> {
  const [, applied] = (await knex.migrate.latest({ migrationSource })) as [number, string[]];
  return applied;
}

/** Undoes every applied migration; returns the names undone. */
export async function migrateRollback(knex: Knex): Promise<string[]> {
  const [, undone] = (await knex.migrate.rollback({ migrationSource }, true)) as [number, string[]];
  return undone;
}

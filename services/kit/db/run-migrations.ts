// Runs a service's migrations, listed as code (no directory scanning: dist/ and sources behave the same).
import type { Knex } from 'knex';

export interface ServiceMigration {
  name: string;
  up: (knex: Knex) => Promise<void>;
  down: (knex: Knex) => Promise<void>;
}

/** Applies the migrations not yet applied, in order; returns the names it applied. */
export async function runMigrations(knex: Knex, migrations: ServiceMigration[], tableName = 'service_migrations'): Promise<string[]> {
  const source: Knex.MigrationSource<ServiceMigration> = {
    getMigrations: async () => migrations,
    getMigrationName: (m) => m.name,
    getMigration: async (m) => m,
  };
  const [, applied] = (await knex.migrate.latest({ migrationSource: source, tableName })) as [number, string[]];
  return applied;
}

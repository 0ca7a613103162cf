// The catalog service's migrations, in order (a list, not a directory scan, so sources and dist/ behave the same).
import type { Knex } from 'knex';
import { runMigrations, type ServiceMigration } from '../../kit/index.js';
import * as createTables from './001-create-catalog-tables.js';

export const migrations: ServiceMigration[] = [createTables];

/** The tables this service owns, in foreign-key order: what `ficus data copy` fills. */
export const CATALOG_TABLES = ['categories', 'brands', 'products', 'product_images'] as const;

/** Brings the catalog's own database up to date; returns the migrations applied. */
export function migrateCatalog(knex: Knex): Promise<string[]> {
  return runMigrations(knex, migrations);
}

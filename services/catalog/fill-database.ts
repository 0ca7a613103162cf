// Gives the catalog its own data: migrate its database, then `ficus data copy` the catalog tables from the
// monolith's database into it (replacing what it held), verified by row counts and checksums.
import { copyTables, type CopyOptions, type CopyReport } from '../data-copy/copy-tables.js';
import { openKnex } from '../kit/index.js';
import { CATALOG_TABLES, migrateCatalog } from './migrations/index.js';

export interface FillOptions {
  /** The monolith's database (knex URL: sqlite:path or postgres://…). */
  from: string;
  /** The catalog's own database. */
  to: string;
  onProgress?: CopyOptions['onProgress'];
}

/** Runs the catalog's migrations on the database at `url`; resolves to the ones it applied. */
export async function migrateCatalogDatabase(url: string): Promise<string[]> {
  const { knex } = openKnex(url);
  try {
    return await migrateCatalog(knex);
  } finally {
    await knex.destroy();
  }
}

/** Migrates `to`, copies the catalog tables into it and verifies them; `report.ok` is false on any mismatch. */
export async function fillCatalogDatabase(options: FillOptions): Promise<CopyReport & { migrated: string[] }> {
  const migrated = await migrateCatalogDatabase(options.to);
  const report = await copyTables({ from: options.from, to: options.to, tables: [...CATALOG_TABLES], onProgress: options.onProgress });
  return { ...report, migrated };
}

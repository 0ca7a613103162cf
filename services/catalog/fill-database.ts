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

/** Migrates `to`, copies the catalog tables into it and verifies them; `report.ok` is false on any mismatch. */
export async function fillCatalogDatabase(options: FillOptions): Promise<CopyReport & { migrated: string[] }> {
  const { knex } = openKnex(options.to);
  let migrated: string[];
  try {
    migrated = await migrateCatalog(knex);
  } finally {
    await knex.destroy();
  }
  const report = await copyTables({ from: options.from, to: options.to, tables: [...CATALOG_TABLES], onProgress: options.onProgress });
  return { ...report, migrated };
}

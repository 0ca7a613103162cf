// System catalogs: tables the database keeps about itself. Reading them couples a module to the
// database engine, not to another module's data, so they are reported apart and never join the graph.
const CATALOG_SCHEMAS = /^(information_schema|pg_catalog|sys|mysql|performance_schema|sqlite_temp)$/i;
const CATALOG_TABLES = /^(pg_[a-z_]+|sqlite_(master|schema|sequence|stat\d)|sqlite_temp_master|information_schema|sysobjects|syscolumns)$/i;

/** `information_schema.TABLES`, `pg_catalog.pg_class`, `sqlite_master`, `pg_tables`: true. `orders`: false. */
export function isSystemCatalog(qualified: string): boolean {
  const parts = qualified.split('.').map((p) => p.trim().replace(/^["`[]|["`\]]$/g, ''));
  return (parts.length > 1 && CATALOG_SCHEMAS.test(parts[parts.length - 2])) || CATALOG_TABLES.test(parts[parts.length - 1]);
}

// A table's shape as read from a live database, in portable terms both SQLite and PostgreSQL can build.

export type ColumnKind = 'integer' | 'bigInteger' | 'float' | 'double' | 'decimal' | 'string' | 'text' | 'boolean' | 'date' | 'datetime' | 'time' | 'json' | 'binary' | 'uuid';

export interface ColumnSchema {
  name: string;
  kind: ColumnKind;
  /** The type as the database declared it, e.g. "VARCHAR(80)" or "character varying". */
  rawType: string;
  nullable: boolean;
  /** An auto-assigned integer key (SQLite INTEGER PRIMARY KEY, PostgreSQL serial/identity). */
  autoIncrement: boolean;
  length?: number;
  precision?: number;
  scale?: number;
  /** A portable default: a constant, or the time of the insert. Defaults no other engine can read are left out. */
  default?: ColumnDefault;
}

export type ColumnDefault = { value: string | number | boolean } | { now: true };

export interface IndexSchema {
  name: string;
  columns: string[];
  unique: boolean;
}

export interface ForeignKeySchema {
  columns: string[];
  references: { table: string; columns: string[] };
}

export interface TableSchema {
  name: string;
  columns: ColumnSchema[];
  primaryKey: string[];
  foreignKeys: ForeignKeySchema[];
  /** Unique constraints and plain indexes over columns (not the primary key, not expression or partial indexes). */
  indexes?: IndexSchema[];
}

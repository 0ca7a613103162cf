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
}

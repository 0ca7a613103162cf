// The triggers that capture row changes into the change log, and the fence that refuses a table's writes,
// as SQL per engine. Capture must never break the monolith's own writes: on PostgreSQL one generic function
// reads the row as JSON (a column added or dropped later changes the image, not the write), and every engine
// writes numbers that JSON would round (bigints, decimals) as exact text.
import type { Dialect } from '../kit/db/open-knex.js';
import type { TableSchema } from '../kit/db/table-schema.js';
import { CHANGES, FENCE } from './sync-tables.js';

const NUMERIC_KINDS = new Set(['integer', 'bigInteger', 'decimal']);
// Every capturing transaction takes this lock when it first writes a synced row and holds it to commit,
// so change ids are handed out in commit order (see README: "Moving the data").
const PG_LOCK_KEY = 0x6669637573; // "ficus"

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const literal = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** Statements run once per source database before any table is captured (PostgreSQL's trigger functions). */
export function setupStatements(dialect: Dialect): string[] {
  if (dialect !== 'postgres') return [];
  return [
    `CREATE OR REPLACE FUNCTION ficus_sync_capture() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  keys text[] := string_to_array(TG_ARGV[0], ',');
  nums text[] := coalesce(string_to_array(TG_ARGV[1], ','), '{}');
  img jsonb;
  old_img jsonb;
  old_key jsonb;
  k text;
BEGIN
  PERFORM pg_advisory_xact_lock(${PG_LOCK_KEY});
  IF TG_OP <> 'DELETE' THEN
    img := to_jsonb(NEW);
    FOREACH k IN ARRAY nums LOOP
      IF jsonb_typeof(img -> k) = 'number' THEN img := jsonb_set(img, ARRAY[k], to_jsonb(img ->> k)); END IF;
    END LOOP;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    old_img := to_jsonb(OLD);
    old_key := '{}'::jsonb;
    FOREACH k IN ARRAY keys LOOP
      old_key := old_key || jsonb_build_object(k, CASE WHEN jsonb_typeof(old_img -> k) = 'number' THEN to_jsonb(old_img ->> k) ELSE old_img -> k END);
    END LOOP;
  END IF;
  INSERT INTO ${CHANGES} (tbl, op, old_key, "row", at)
    VALUES (TG_TABLE_NAME, left(TG_OP, 1), old_key::text, img::text, (extract(epoch from clock_timestamp()) * 1000)::bigint);
  PERFORM pg_notify('ficus_sync', '');
  RETURN NULL;
END $$`,
    `CREATE OR REPLACE FUNCTION ficus_sync_fence() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce((SELECT open FROM ${FENCE} LIMIT 1), 0) <> 1 THEN
    RAISE EXCEPTION 'ficus: table % is written by its service now (data sync reversed); this write was refused', TG_TABLE_NAME
      USING ERRCODE = 'read_only_sql_transaction';
  END IF;
  RETURN coalesce(NEW, OLD);
END $$`,
  ];
}

/** Statements run when the last table is released (the functions go with the triggers). */
export function teardownStatements(dialect: Dialect): string[] {
  if (dialect !== 'postgres') return [];
  return ['DROP FUNCTION IF EXISTS ficus_sync_capture() CASCADE', 'DROP FUNCTION IF EXISTS ficus_sync_fence() CASCADE'];
}

/** The triggers capturing `table`'s inserts, updates and deletes. */
export function captureStatements(dialect: Dialect, table: TableSchema): string[] {
  if (dialect === 'postgres') {
    const nums = table.columns.filter((c) => NUMERIC_KINDS.has(c.kind)).map((c) => c.name);
    // Deferred to commit: the lock that orders change ids is then held only while the transaction commits.
    return [
      `CREATE CONSTRAINT TRIGGER ficus_sync_capture AFTER INSERT OR UPDATE OR DELETE ON ${quote(table.name)}
         DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ficus_sync_capture(${literal(table.primaryKey.join(','))}, ${literal(nums.join(','))})`,
    ];
  }
  // SQLite has one writer at a time, so AUTOINCREMENT ids are already in commit order.
  const image = (ref: 'NEW' | 'OLD', columns: string[]) => `json_object(${columns.map((c) => `${literal(c)}, ${sqliteValue(`${ref}.${quote(c)}`)}`).join(', ')})`;
  const all = table.columns.map((c) => c.name);
  const now = `CAST(ROUND((julianday('now') - 2440587.5) * 86400000) AS INTEGER)`;
  const insert = (op: string, oldKey: string, row: string) => `INSERT INTO ${CHANGES} (tbl, op, old_key, "row", at) VALUES (${literal(table.name)}, '${op}', ${oldKey}, ${row}, ${now});`;
  const name = (suffix: string) => quote(`ficus_sync_${table.name}_${suffix}`);
  return [
    `CREATE TRIGGER ${name('i')} AFTER INSERT ON ${quote(table.name)} BEGIN ${insert('I', 'NULL', image('NEW', all))} END`,
    `CREATE TRIGGER ${name('u')} AFTER UPDATE ON ${quote(table.name)} BEGIN ${insert('U', image('OLD', table.primaryKey), image('NEW', all))} END`,
    `CREATE TRIGGER ${name('d')} AFTER DELETE ON ${quote(table.name)} BEGIN ${insert('D', image('OLD', table.primaryKey), 'NULL')} END`,
  ];
}

// Integers beyond 2^53 as text (JSON numbers would round them), blobs as {"b": hex}, the rest as stored.
function sqliteValue(ref: string): string {
  return `CASE typeof(${ref}) WHEN 'integer' THEN (CASE WHEN ${ref} BETWEEN -9007199254740991 AND 9007199254740991 THEN ${ref} ELSE CAST(${ref} AS TEXT) END) WHEN 'blob' THEN json_object('b', hex(${ref})) ELSE ${ref} END`;
}

export function dropCaptureStatements(dialect: Dialect, table: string): string[] {
  if (dialect === 'postgres') return [`DROP TRIGGER IF EXISTS ficus_sync_capture ON ${quote(table)}`];
  return ['i', 'u', 'd'].map((s) => `DROP TRIGGER IF EXISTS ${quote(`ficus_sync_${table}_${s}`)}`);
}

const FENCE_MESSAGE = (table: string) => `ficus: table ${table} is written by its service now (data sync reversed); this write was refused`;

/** Triggers refusing every write to `table` unless the writing transaction opened the fence (the applier does). */
export function fenceStatements(dialect: Dialect, table: string): string[] {
  if (dialect === 'postgres') {
    return [`CREATE TRIGGER ficus_sync_fence BEFORE INSERT OR UPDATE OR DELETE ON ${quote(table)} FOR EACH ROW EXECUTE FUNCTION ficus_sync_fence()`];
  }
  return ['INSERT', 'UPDATE', 'DELETE'].map(
    (op) =>
      `CREATE TRIGGER ${quote(`ficus_sync_fence_${table}_${op[0].toLowerCase()}`)} BEFORE ${op} ON ${quote(table)}
         WHEN coalesce((SELECT open FROM ${FENCE}), 0) <> 1 BEGIN SELECT RAISE(ABORT, ${literal(FENCE_MESSAGE(table))}); END`,
  );
}

export function dropFenceStatements(dialect: Dialect, table: string): string[] {
  if (dialect === 'postgres') return [`DROP TRIGGER IF EXISTS ficus_sync_fence ON ${quote(table)}`];
  return ['i', 'u', 'd'].map((s) => `DROP TRIGGER IF EXISTS ${quote(`ficus_sync_fence_${table}_${s}`)}`);
}

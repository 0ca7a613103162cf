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
const tick = (name: string): string => `\`${name.replace(/`/g, '``')}\``;
export const MYSQL_LOCK = 'ficus_sync_lock';
const literal = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** Statements run once per source database before any table is captured (PostgreSQL's trigger functions). */
export function setupStatements(dialect: Dialect): string[] {
  if (dialect === 'mysql') {
    // One row every capturing transaction updates before it logs a change: its lock, held to commit,
    // hands out change ids in commit order (InnoDB assigns AUTO_INCREMENT values at insert time).
    return [`CREATE TABLE IF NOT EXISTS ${MYSQL_LOCK} (n BIGINT NOT NULL)`, `INSERT INTO ${MYSQL_LOCK} (n) SELECT 0 FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM ${MYSQL_LOCK})`];
  }
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
  if (dialect === 'mysql') return [`DROP TABLE IF EXISTS ${MYSQL_LOCK}`];
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
  if (dialect === 'mysql') return mysqlCapture(table);
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

function mysqlCapture(table: TableSchema): string[] {
  const value = (ref: string, kind: string) => (NUMERIC_KINDS.has(kind) ? `CAST(${ref} AS CHAR)` : kind === 'binary' ? `HEX(${ref})` : ref);
  const image = (ref: 'NEW' | 'OLD', columns: typeof table.columns) => `JSON_OBJECT(${columns.map((c) => `${literal(c.name)}, ${value(`${ref}.${tick(c.name)}`, c.kind)}`).join(', ')})`;
  const keys = table.columns.filter((c) => table.primaryKey.includes(c.name));
  const body = (op: string, oldKey: string, row: string) =>
    `BEGIN UPDATE ${MYSQL_LOCK} SET n = n + 1; INSERT INTO ${CHANGES} (tbl, op, old_key, \`row\`, at) VALUES (${literal(table.name)}, '${op}', ${oldKey}, ${row}, ROUND(UNIX_TIMESTAMP(NOW(3)) * 1000)); END`;
  const name = (suffix: string) => tick(`ficus_sync_${table.name}_${suffix}`);
  return [
    `CREATE TRIGGER ${name('i')} AFTER INSERT ON ${tick(table.name)} FOR EACH ROW ${body('I', 'NULL', image('NEW', table.columns))}`,
    `CREATE TRIGGER ${name('u')} AFTER UPDATE ON ${tick(table.name)} FOR EACH ROW ${body('U', image('OLD', keys), image('NEW', table.columns))}`,
    `CREATE TRIGGER ${name('d')} AFTER DELETE ON ${tick(table.name)} FOR EACH ROW ${body('D', image('OLD', keys), 'NULL')}`,
  ];
}

export function dropCaptureStatements(dialect: Dialect, table: string): string[] {
  if (dialect === 'mysql') return ['i', 'u', 'd'].map((s) => `DROP TRIGGER IF EXISTS ${tick(`ficus_sync_${table}_${s}`)}`);
  if (dialect === 'postgres') return [`DROP TRIGGER IF EXISTS ficus_sync_capture ON ${quote(table)}`];
  return ['i', 'u', 'd'].map((s) => `DROP TRIGGER IF EXISTS ${quote(`ficus_sync_${table}_${s}`)}`);
}

const FENCE_MESSAGE = (table: string) => `ficus: table ${table} is written by its service now (data sync reversed); this write was refused`;

/** Triggers refusing every write to `table` unless the writing transaction opened the fence (the applier does). */
export function fenceStatements(dialect: Dialect, table: string): string[] {
  if (dialect === 'postgres') {
    return [`CREATE TRIGGER ficus_sync_fence BEFORE INSERT OR UPDATE OR DELETE ON ${quote(table)} FOR EACH ROW EXECUTE FUNCTION ficus_sync_fence()`];
  }
  if (dialect === 'mysql') {
    return ['INSERT', 'UPDATE', 'DELETE'].map(
      (op) =>
        `CREATE TRIGGER ${tick(`ficus_sync_fence_${table}_${op[0].toLowerCase()}`)} BEFORE ${op} ON ${tick(table)} FOR EACH ROW
           BEGIN IF COALESCE((SELECT open FROM ${FENCE} LIMIT 1), 0) <> 1 THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = ${literal(FENCE_MESSAGE(table))}; END IF; END`,
    );
  }
  return ['INSERT', 'UPDATE', 'DELETE'].map(
    (op) =>
      `CREATE TRIGGER ${quote(`ficus_sync_fence_${table}_${op[0].toLowerCase()}`)} BEFORE ${op} ON ${quote(table)}
         WHEN coalesce((SELECT open FROM ${FENCE}), 0) <> 1 BEGIN SELECT RAISE(ABORT, ${literal(FENCE_MESSAGE(table))}); END`,
  );
}

export function dropFenceStatements(dialect: Dialect, table: string): string[] {
  if (dialect === 'postgres') return [`DROP TRIGGER IF EXISTS ficus_sync_fence ON ${quote(table)}`];
  const q = dialect === 'mysql' ? tick : quote;
  return ['i', 'u', 'd'].map((s) => `DROP TRIGGER IF EXISTS ${q(`ficus_sync_fence_${table}_${s}`)}`);
}

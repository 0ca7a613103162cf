// Shared by the seeders: fixed timestamps and chunked inserts' chunking.
const BASE = Date.UTC(2025, 0, 1);

/** A fixed point in time `minutes` after 2025-01-01, as ISO text. */
export function seedTime(minutes: number): string {
  return new Date(BASE + minutes * 60_000).toISOString();
}

/** Splits rows so one INSERT stays well under SQLite's and PostgreSQL's bind limits. */
export function chunks<T>(rows: T[], size = 100): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

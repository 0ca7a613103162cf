// knex.raw answers differ by driver: PostgreSQL gives { rows }, better-sqlite3 an array.
export function rawRows(result: unknown): Record<string, unknown>[] {
  if (Array.isArray(result)) return result as Record<string, unknown>[];
  return ((result as { rows?: Record<string, unknown>[] }).rows ?? []) as Record<string, unknown>[];
}

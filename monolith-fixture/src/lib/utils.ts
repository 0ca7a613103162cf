// Small helpers every part of the shop uses: HTTP errors, id and paging parsing, value normalising.
// SQLite and PostgreSQL disagree on counts (number vs string), booleans (0/1 vs true/false) and
// timestamps (string vs Date), so rows pass through toInt/toBool/toIso before they reach JSON.

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function notFound(what: string, id: unknown): HttpError {
  return new HttpError(404, 'NOT_FOUND', `${what} ${String(id)} not found`);
}

export function badRequest(message: string, details?: unknown): HttpError {
  return new HttpError(400, 'BAD_REQUEST', message, details);
}

export function conflict(message: string): HttpError {
  return new HttpError(409, 'CONFLICT', message);
}

/** True for a foreign-key violation on SQLite or PostgreSQL (the row is still referenced). */
export function isForeignKeyViolation(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || code === '23503';
}

/** A positive integer path or query parameter, or a 400. */
export function parseId(value: unknown, name = 'id'): number {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) throw badRequest(`${name} must be a positive integer`);
  return n;
}

export interface Page {
  limit: number;
  offset: number;
}

/** `?limit=&offset=` with defaults and bounds. */
export function parsePagination(query: Record<string, unknown>, defaultLimit = 20, maxLimit = 100): Page {
  const limit = query.limit === undefined ? defaultLimit : Number(query.limit);
  const offset = query.offset === undefined ? 0 : Number(query.offset);
  if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit) throw badRequest(`limit must be an integer from 1 to ${maxLimit}`);
  if (!Number.isInteger(offset) || offset < 0) throw badRequest('offset must be a non-negative integer');
  return { limit, offset };
}

/** An optional query-string filter that must be a positive integer when present. */
export function optionalId(value: unknown, name: string): number | undefined {
  return value === undefined || value === '' ? undefined : parseId(value, name);
}

export function toInt(value: unknown): number {
  return value === null || value === undefined ? 0 : Number(value);
}

export function toBool(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 't';
}

export function toIso(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return (value instanceof Date ? value : new Date(String(value))).toISOString();
}

/** 1234 → "12.34": money stays integer cents in the database and in arithmetic. */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The id of an insert, whatever the driver returns (`[{ id }]` or `[id]`). */
export function insertedId(rows: unknown[]): number {
  const first = rows[0] as { id?: unknown } | number;
  return toInt(typeof first === 'object' && first !== null ? first.id : first);
}

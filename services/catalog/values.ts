// Row values normalised the way the monolith's answers carry them: SQLite and PostgreSQL disagree on
// counts (number vs string), booleans (0/1 vs true/false) and timestamps (text vs Date).

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

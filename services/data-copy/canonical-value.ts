// One canonical text per value, whatever engine it was read from: SQLite's 0/1 and PostgreSQL's true/false,
// a timestamp stored as text, as epoch milliseconds or read as a Date, "12.50" and 12.5 all agree. The
// column kind from the source schema decides, so both sides of a copy are canonicalised the same way.
import type { ColumnKind } from '../kit/db/table-schema.js';

/** The canonical form of one value of a column of `kind` (null stays null). */
export function canonicalValue(kind: ColumnKind, v: unknown): string | null {
  if (v === null || v === undefined) return null;
  switch (kind) {
    case 'integer':
    case 'bigInteger':
      return /^-?\d+$/.test(String(v).trim()) ? BigInt(String(v).trim()).toString() : String(v);
    case 'float':
    case 'double': {
      const n = Number(v);
      return Number.isFinite(n) ? String(n) : String(v);
    }
    case 'decimal':
      return canonicalDecimal(v);
    case 'boolean':
      return v === true || v === 1 || v === 1n || v === '1' || v === 't' || v === 'true' ? 'true' : 'false';
    case 'datetime':
      return canonicalInstant(v) ?? String(v);
    case 'date':
      return v instanceof Date ? v.toISOString().slice(0, 10) : /^\d{4}-\d{2}-\d{2}/.test(String(v)) ? String(v).slice(0, 10) : (canonicalInstant(v)?.slice(0, 10) ?? String(v));
    case 'json':
      return stableJson(typeof v === 'string' ? parseJsonOr(v) : v);
    case 'binary':
      return Buffer.isBuffer(v) ? v.toString('hex') : Buffer.from(String(v)).toString('hex');
    case 'uuid':
      return String(v).toLowerCase();
    default:
      return Buffer.isBuffer(v) ? v.toString('utf8') : String(v);
  }
}

/** A decimal as exact text without redundant zeros: "0012.50", 12.5 and "12.5" are "12.5"; no digit is rounded. */
export function canonicalDecimal(v: unknown): string {
  const text = typeof v === 'number' ? String(v) : String(v).trim();
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (!m[2] && !m[3])) return text;
  const int = m[2].replace(/^0+(?=\d)/, '') || '0';
  const frac = (m[3] ?? '').replace(/0+$/, '');
  const body = frac ? `${int}.${frac}` : int;
  return m[1] === '-' && body !== '0' ? `-${body}` : body;
}

/** A timestamp as an ISO instant: Dates, epoch milliseconds, and text with or without a zone (no zone = UTC). */
export function canonicalInstant(v: unknown): string | undefined {
  let date: Date | undefined;
  if (v instanceof Date) date = v;
  else if (typeof v === 'number' || typeof v === 'bigint') date = new Date(Number(v));
  else if (typeof v === 'string') {
    const s = v.trim();
    if (/^\d+$/.test(s)) date = new Date(Number(s));
    else if (/^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/.test(s)) date = new Date(`${s.replace(' ', 'T')}${s.length > 10 ? 'Z' : 'T00:00:00Z'}`);
    else if (/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}/.test(s)) date = new Date(s.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00'));
  }
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : undefined;
}

function parseJsonOr(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** JSON with object keys sorted, so {"a":1,"b":2} and {"b":2,"a":1} (jsonb reorders keys) agree. */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

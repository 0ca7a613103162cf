// Path and query parameters, parsed and bounded exactly as the monolith does (same 400 messages).
import { badRequest } from './catalog-errors.js';

export interface Page {
  limit: number;
  offset: number;
}

/** A positive integer path or query parameter, or a 400. */
export function parseId(value: unknown, name = 'id'): number {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) throw badRequest(`${name} must be a positive integer`);
  return n;
}

/** An optional query-string filter that must be a positive integer when present. */
export function optionalId(value: unknown, name: string): number | undefined {
  return value === undefined || value === '' ? undefined : parseId(value, name);
}

/** `?limit=&offset=` with defaults and bounds. */
export function parsePagination(query: Record<string, unknown>, defaultLimit = 20, maxLimit = 100): Page {
  const limit = query.limit === undefined ? defaultLimit : Number(query.limit);
  const offset = query.offset === undefined ? 0 : Number(query.offset);
  if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit) throw badRequest(`limit must be an integer from 1 to ${maxLimit}`);
  if (!Number.isInteger(offset) || offset < 0) throw badRequest('offset must be a non-negative integer');
  return { limit, offset };
}

function parseCents(value: unknown, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw badRequest(`${name} must be a non-negative integer (cents)`);
  return n;
}

export interface ProductFilter {
  categoryId?: number;
  brandId?: number;
  search?: string;
  minPriceCents?: number;
  maxPriceCents?: number;
}

/** `?categoryId=&brandId=&q=&minPrice=&maxPrice=` of the product lists. */
export function parseProductFilter(query: Record<string, unknown>): ProductFilter {
  return {
    categoryId: optionalId(query.categoryId, 'categoryId'),
    brandId: optionalId(query.brandId, 'brandId'),
    search: typeof query.q === 'string' && query.q.trim() ? query.q.trim() : undefined,
    minPriceCents: parseCents(query.minPrice, 'minPrice'),
    maxPriceCents: parseCents(query.maxPrice, 'maxPrice'),
  };
}

// Small HTTP helpers for the fixture's tests: real requests against a shop listening on port 0.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const fixtureDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface ExpectedKey {
  files: Record<string, { reads: string[]; writes: string[] }>;
  routes: { method: string; path: string; file: string }[];
  foreignKeys: { table: string; column: string; references: { table: string; column: string } }[];
  domains: Record<string, string[]>;
  tables: string[];
  tangles: Record<string, string | string[]>;
}

export function readExpected(): ExpectedKey {
  return JSON.parse(readFileSync(path.join(fixtureDir, 'EXPECTED.json'), 'utf8')) as ExpectedKey;
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  body: any;
}

export async function request(base: string, method: string, urlPath: string, body?: unknown): Promise<JsonResponse> {
  const res = await fetch(base + urlPath, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

export const getJson = (base: string, urlPath: string) => request(base, 'GET', urlPath);

/** The body without the values that differ on every call. */
export function stable(body: Record<string, unknown>): Record<string, unknown> {
  const { generatedAt: _g, requestId: _r, ...rest } = body;
  return rest;
}

/** GET routes whose answers depend only on the seed (no clock, no earlier writes). */
export const SAMPLE_GETS = [
  '/api/products?limit=5&offset=10',
  '/api/products/1',
  '/api/products/42/images',
  '/api/categories',
  '/api/categories/2/products?limit=3',
  '/api/brands/3',
  '/api/search?q=knife&limit=3',
  '/api/users/7/addresses',
  '/api/inventory/products/5',
  '/api/cart/3',
  '/api/orders/12',
  '/api/orders/12/history',
  '/api/payments/9/refunds',
  '/api/shipping/rates?country=de&items=3',
  '/api/reviews?productId=10',
  '/api/notifications?userId=4',
];

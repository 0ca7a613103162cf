// JSON shapes of the catalog API. Every catalog answer carries when it was generated and the request id.
import type { Response } from 'express';
import { formatCents, toBool, toInt, toIso } from '../lib/utils.js';

export interface ProductJson {
  id: number;
  sku: string;
  name: string;
  slug: string;
  description: string;
  priceCents: number;
  price: string;
  currency: string;
  active: boolean;
  categoryId: number;
  brand: { id: number; name: string | null };
  createdAt: string | null;
  updatedAt: string | null;
}

export function presentProduct(row: Record<string, unknown>): ProductJson {
  const cents = toInt(row.price_cents);
  return {
    id: toInt(row.id),
    sku: String(row.sku),
    name: String(row.name),
    slug: String(row.slug),
    description: String(row.description),
    priceCents: cents,
    price: formatCents(cents),
    currency: String(row.currency),
    active: toBool(row.active),
    categoryId: toInt(row.category_id),
    brand: { id: toInt(row.brand_id), name: row.brand_name == null ? null : String(row.brand_name) },
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

/** Sends `body` with `generatedAt` and `requestId` added. */
export function sendCatalog(res: Response, body: object, status = 200): void {
  res.status(status).json({ ...body, generatedAt: new Date().toISOString(), requestId: res.locals.requestId });
}

// JSON shapes of the catalog API, the same as the monolith's. Every answer carries when it was generated
// and the request id (the gateway's x-request-id), which differ on every call.
import type { Response } from 'express';
import { currentRequestContext } from '../kit/index.js';
import type { CatalogConfig } from './config.js';
import type { ProductRow } from './product-repo.js';
import { formatCents, toBool, toInt, toIso } from './values.js';

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

export type PresentProduct = (row: ProductRow) => ProductJson;

/** The product presenter; with CATALOG_BREAK=price every third product's `price` is one euro off (tests only). */
export function createProductPresenter(config: Pick<CatalogConfig, 'CATALOG_BREAK'>): PresentProduct {
  const breakPrice = config.CATALOG_BREAK === 'price';
  return (row) => {
    const id = toInt(row.id);
    const cents = toInt(row.price_cents);
    return {
      id,
      sku: String(row.sku),
      name: String(row.name),
      slug: String(row.slug),
      description: String(row.description),
      priceCents: cents,
      price: formatCents(breakPrice && id % 3 === 0 ? cents + 100 : cents),
      currency: String(row.currency),
      active: toBool(row.active),
      categoryId: toInt(row.category_id),
      brand: { id: toInt(row.brand_id), name: row.brand_name == null ? null : String(row.brand_name) },
      createdAt: toIso(row.created_at),
      updatedAt: toIso(row.updated_at),
    };
  };
}

/** Sends `body` with `generatedAt` and `requestId` added. */
export function sendCatalog(res: Response, body: object, status = 200): void {
  res.status(status).json({ ...body, generatedAt: new Date().toISOString(), requestId: currentRequestContext()?.requestId });
}

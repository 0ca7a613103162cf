// Product images, in display order.
import { db } from '../lib/db.js';
import { toInt } from '../lib/utils.js';
import { PRODUCT_IMAGES } from './catalog-tables.js';

export interface ProductImage {
  id: number;
  url: string;
  alt: string;
  position: number;
}

export async function listImages(productId: number): Promise<ProductImage[]> {
  const rows = await db.from(PRODUCT_IMAGES).where({ product_id: productId }).orderBy(['position', 'id']);
  return rows.map((r: Record<string, unknown>) => ({ id: toInt(r.id), url: String(r.url), alt: String(r.alt), position: toInt(r.position) }));
}

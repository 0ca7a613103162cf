// Products, with their brand name joined in.
import type { Knex } from 'knex';
import { db } from '../lib/db.js';
import { insertedId, toInt, type Page } from '../lib/utils.js';
import { BRANDS, PRODUCTS } from './catalog-tables.js';

export interface ProductFilter {
  categoryId?: number;
  brandId?: number;
  search?: string;
  minPriceCents?: number;
  maxPriceCents?: number;
}

function filteredProducts(filter: ProductFilter): Knex.QueryBuilder {
  const q = db(`${PRODUCTS} as p`).where('p.active', true);
  if (filter.categoryId !== undefined) q.where('p.category_id', filter.categoryId);
  if (filter.brandId !== undefined) q.where('p.brand_id', filter.brandId);
  if (filter.minPriceCents !== undefined) q.where('p.price_cents', '>=', filter.minPriceCents);
  if (filter.maxPriceCents !== undefined) q.where('p.price_cents', '<=', filter.maxPriceCents);
  if (filter.search) {
    const like = `%${filter.search.toLowerCase()}%`;
    q.where((w) => w.whereRaw('lower(p.name) like ?', [like]).orWhereRaw('lower(p.description) like ?', [like]));
  }
  return q;
}

export async function listProducts(filter: ProductFilter, page: Page): Promise<{ rows: Record<string, unknown>[]; total: number }> {
  const rows = await filteredProducts(filter)
    .leftJoin(`${BRANDS} as b`, 'b.id', 'p.brand_id')
    .select('p.*', 'b.name as brand_name')
    .orderBy('p.id')
    .limit(page.limit)
    .offset(page.offset);
  const counted = await filteredProducts(filter).count({ n: '*' }).first();
  return { rows, total: toInt(counted?.n) };
}

export async function findProduct(id: number): Promise<Record<string, unknown> | undefined> {
  return db(`${PRODUCTS} as p`).leftJoin(`${BRANDS} as b`, 'b.id', 'p.brand_id').select('p.*', 'b.name as brand_name').where('p.id', id).first();
}

export async function skuExists(sku: string): Promise<boolean> {
  return (await db(PRODUCTS).where({ sku }).first('id')) !== undefined;
}

export interface NewProduct {
  sku: string;
  name: string;
  slug: string;
  description: string;
  priceCents: number;
  categoryId: number;
  brandId: number;
}

export async function insertProduct(p: NewProduct): Promise<number> {
  const now = new Date().toISOString();
  const rows = await db(PRODUCTS)
    .insert({
      sku: p.sku,
      name: p.name,
      slug: p.slug,
      description: p.description,
      price_cents: p.priceCents,
      currency: 'EUR',
      category_id: p.categoryId,
      brand_id: p.brandId,
      active: true,
      created_at: now,
      updated_at: now,
    })
    .returning('id');
  return insertedId(rows);
}

export async function updateProduct(id: number, patch: Record<string, unknown>): Promise<number> {
  return db(PRODUCTS).where({ id }).update({ ...patch, updated_at: new Date().toISOString() });
}

// Products (with their brand name joined in) and their images, read from the catalog's own database.
import type { Knex } from 'knex';
import type { Page, ProductFilter } from './request-params.js';
import { insertedId, toInt } from './values.js';

export interface ProductImage {
  id: number;
  url: string;
  alt: string;
  position: number;
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

export type ProductRow = Record<string, unknown>;

/** Product queries over `db`. Example: `await createProductRepo(knex).findProduct(1)`. */
export function createProductRepo(db: Knex) {
  const filtered = (filter: ProductFilter): Knex.QueryBuilder => {
    const q = db('products as p').where('p.active', true);
    if (filter.categoryId !== undefined) q.where('p.category_id', filter.categoryId);
    if (filter.brandId !== undefined) q.where('p.brand_id', filter.brandId);
    if (filter.minPriceCents !== undefined) q.where('p.price_cents', '>=', filter.minPriceCents);
    if (filter.maxPriceCents !== undefined) q.where('p.price_cents', '<=', filter.maxPriceCents);
    if (filter.search) {
      const like = `%${filter.search.toLowerCase()}%`;
      q.where((w) => w.whereRaw('lower(p.name) like ?', [like]).orWhereRaw('lower(p.description) like ?', [like]));
    }
    return q;
  };

  return {
    async listProducts(filter: ProductFilter, page: Page): Promise<{ rows: ProductRow[]; total: number }> {
      const rows = await filtered(filter)
        .leftJoin('brands as b', 'b.id', 'p.brand_id')
        .select('p.*', 'b.name as brand_name')
        .orderBy('p.id')
        .limit(page.limit)
        .offset(page.offset);
      const counted = await filtered(filter).count({ n: '*' }).first();
      return { rows, total: toInt(counted?.n) };
    },

    async findProduct(id: number): Promise<ProductRow | undefined> {
      return db('products as p').leftJoin('brands as b', 'b.id', 'p.brand_id').select('p.*', 'b.name as brand_name').where('p.id', id).first();
    },

    async listImages(productId: number): Promise<ProductImage[]> {
      const rows = await db('product_images').where({ product_id: productId }).orderBy(['position', 'id']);
      return rows.map((r: ProductRow) => ({ id: toInt(r.id), url: String(r.url), alt: String(r.alt), position: toInt(r.position) }));
    },

    async skuExists(sku: string): Promise<boolean> {
      return (await db('products').where({ sku }).first('id')) !== undefined;
    },

    async insertProduct(p: NewProduct): Promise<number> {
      const now = new Date().toISOString();
      const rows = await db('products')
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
    },

    async updateProduct(id: number, patch: Record<string, unknown>): Promise<number> {
      return db('products').where({ id }).update({ ...patch, updated_at: new Date().toISOString() });
    },
  };
}

export type ProductRepo = ReturnType<typeof createProductRepo>;

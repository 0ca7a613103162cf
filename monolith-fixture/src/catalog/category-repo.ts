// Categories, with how many active products each holds.
import { db } from '../lib/db.js';
import { toInt } from '../lib/utils.js';
import { CATEGORIES, PRODUCTS } from './catalog-tables.js';

export interface Category {
  id: number;
  name: string;
  slug: string;
  parentId: number | null;
  productCount: number;
}

function toCategory(row: Record<string, unknown>): Category {
  return {
    id: toInt(row.id),
    name: String(row.name),
    slug: String(row.slug),
    parentId: row.parent_id == null ? null : toInt(row.parent_id),
    productCount: toInt(row.product_count),
  };
}

function categoriesWithCounts() {
  return db(`${CATEGORIES} as c`)
    .leftOuterJoin(`${PRODUCTS} as p`, function () {
      this.on('p.category_id', '=', 'c.id').andOn('p.active', '=', db.raw('?', [true]));
    })
    .groupBy('c.id', 'c.name', 'c.slug', 'c.parent_id')
    .select('c.id', 'c.name', 'c.slug', 'c.parent_id')
    .count({ product_count: 'p.id' });
}

export async function listCategories(): Promise<Category[]> {
  const rows = await categoriesWithCounts().orderBy('c.id');
  return rows.map(toCategory);
}

export async function findCategory(id: number): Promise<Category | undefined> {
  const row = await categoriesWithCounts().where('c.id', id).first();
  return row ? toCategory(row) : undefined;
}

export async function searchCategories(term: string): Promise<Category[]> {
  const rows = await categoriesWithCounts()
    .whereRaw('lower(c.name) like ?', [`%${term.toLowerCase()}%`])
    .orderBy('c.id');
  return rows.map(toCategory);
}

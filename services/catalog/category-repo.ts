// Categories, with how many active products each holds.
import type { Knex } from 'knex';
import { toInt } from './values.js';

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

/** Category queries over `db`. */
export function createCategoryRepo(db: Knex) {
  const withCounts = () =>
    db('categories as c')
      .leftOuterJoin('products as p', function () {
        this.on('p.category_id', '=', 'c.id').andOn('p.active', '=', db.raw('?', [true]));
      })
      .groupBy('c.id', 'c.name', 'c.slug', 'c.parent_id')
      .select('c.id', 'c.name', 'c.slug', 'c.parent_id')
      .count({ product_count: 'p.id' });

  return {
    async listCategories(): Promise<Category[]> {
      return (await withCounts().orderBy('c.id')).map(toCategory);
    },
    async findCategory(id: number): Promise<Category | undefined> {
      const row = await withCounts().where('c.id', id).first();
      return row ? toCategory(row) : undefined;
    },
    async searchCategories(term: string): Promise<Category[]> {
      const rows = await withCounts().whereRaw('lower(c.name) like ?', [`%${term.toLowerCase()}%`]).orderBy('c.id');
      return rows.map(toCategory);
    },
  };
}

export type CategoryRepo = ReturnType<typeof createCategoryRepo>;

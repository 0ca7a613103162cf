// Brands.
import type { Knex } from 'knex';
import { insertedId, toInt } from './values.js';

export interface Brand {
  id: number;
  name: string;
  slug: string;
  country: string;
}

function toBrand(row: Record<string, unknown>): Brand {
  return { id: toInt(row.id), name: String(row.name), slug: String(row.slug), country: String(row.country) };
}

/** Brand queries over `db`. */
export function createBrandRepo(db: Knex) {
  return {
    async listBrands(): Promise<Brand[]> {
      return (await db('brands').select('id', 'name', 'slug', 'country').orderBy('id')).map(toBrand);
    },
    async findBrand(id: number): Promise<Brand | undefined> {
      const row = await db('brands').where({ id }).first();
      return row ? toBrand(row) : undefined;
    },
    async brandSlugTaken(slug: string): Promise<boolean> {
      return (await db('brands').where({ slug }).first('id')) !== undefined;
    },
    async insertBrand(input: Omit<Brand, 'id'>): Promise<number> {
      return insertedId(await db('brands').insert(input).returning('id'));
    },
  };
}

export type BrandRepo = ReturnType<typeof createBrandRepo>;

// Brands.
import { db } from '../lib/db.js';
import { insertedId, toInt } from '../lib/utils.js';

const TABLE = 'brands';

export interface Brand {
  id: number;
  name: string;
  slug: string;
  country: string;
}

function toBrand(row: Record<string, unknown>): Brand {
  return { id: toInt(row.id), name: String(row.name), slug: String(row.slug), country: String(row.country) };
}

export async function listBrands(): Promise<Brand[]> {
  return (await db(TABLE).select('id', 'name', 'slug', 'country').orderBy('id')).map(toBrand);
}

export async function findBrand(id: number): Promise<Brand | undefined> {
  const row = await db(TABLE).where({ id }).first();
  return row ? toBrand(row) : undefined;
}

export async function brandSlugTaken(slug: string): Promise<boolean> {
  return (await db(TABLE).where({ slug }).first('id')) !== undefined;
}

export async function insertBrand(input: Omit<Brand, 'id'>): Promise<number> {
  return insertedId(await db(TABLE).insert(input).returning('id'));
}

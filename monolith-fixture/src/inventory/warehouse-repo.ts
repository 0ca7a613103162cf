// Warehouses.
import { db } from '../lib/db.js';
import { toInt } from '../lib/utils.js';
import { WAREHOUSES } from './inventory-tables.js';

export interface Warehouse {
  id: number;
  code: string;
  name: string;
  city: string;
}

function toWarehouse(row: Record<string, unknown>): Warehouse {
  return { id: toInt(row.id), code: String(row.code), name: String(row.name), city: String(row.city) };
}

export async function listWarehouses(): Promise<Warehouse[]> {
  return (await db.select('id', 'code', 'name', 'city').from(WAREHOUSES).orderBy('id')).map(toWarehouse);
}

export async function findWarehouse(id: number): Promise<Warehouse | undefined> {
  const row = await db.select('*').from(WAREHOUSES).where({ id }).first();
  return row ? toWarehouse(row) : undefined;
}

// Stock per product and warehouse, and the movements that changed it.
import { db } from '../lib/db.js';
import { HttpError, notFound, toInt, toIso, type Page } from '../lib/utils.js';
import { STOCK_LEVELS, STOCK_MOVEMENTS, WAREHOUSES } from './inventory-tables.js';

export interface StockLevel {
  warehouseId: number;
  warehouseCode: string;
  quantity: number;
  reserved: number;
  available: number;
  updatedAt: string | null;
}

export async function stockForProduct(productId: number): Promise<StockLevel[]> {
  const rows = await db(`${STOCK_LEVELS} as s`)
    .innerJoin(`${WAREHOUSES} as w`, 'w.id', 's.warehouse_id')
    .where('s.product_id', productId)
    .select('s.warehouse_id', 'w.code', 's.quantity', 's.reserved', 's.updated_at')
    .orderBy('s.warehouse_id');
  return rows.map((r: Record<string, unknown>) => ({
    warehouseId: toInt(r.warehouse_id),
    warehouseCode: String(r.code),
    quantity: toInt(r.quantity),
    reserved: toInt(r.reserved),
    available: toInt(r.quantity) - toInt(r.reserved),
    updatedAt: toIso(r.updated_at),
  }));
}

/** Products whose total stock over all warehouses is at or below `threshold`. */
export async function listLowStock(threshold: number, page: Page) {
  const rows = await db(`${STOCK_LEVELS} as s`)
    .join('products as p', 'p.id', 's.product_id')
    .groupBy('s.product_id', 'p.sku', 'p.name')
    .havingRaw('sum(s.quantity) <= ?', [threshold])
    .select('s.product_id', 'p.sku', 'p.name')
    .sum({ quantity: 's.quantity' })
    .orderBy('s.product_id')
    .limit(page.limit)
    .offset(page.offset);
  return rows.map((r: Record<string, unknown>) => ({ productId: toInt(r.product_id), sku: String(r.sku), name: String(r.name), quantity: toInt(r.quantity) }));
}

/** Adds `delta` (may be negative) to one stock level and records the movement. */
export async function adjustStock(input: { productId: number; warehouseId: number; delta: number; reason: string }): Promise<number> {
  return db.transaction(async (trx) => {
    const level = await trx(STOCK_LEVELS).where({ product_id: input.productId, warehouse_id: input.warehouseId }).first();
    if (!level) throw notFound('stock level for product', `${input.productId} in warehouse ${input.warehouseId}`);
    const quantity = toInt(level.quantity) + input.delta;
    if (quantity < toInt(level.reserved)) throw new HttpError(409, 'INSUFFICIENT_STOCK', `only ${toInt(level.quantity) - toInt(level.reserved)} available`);
    const now = new Date().toISOString();
    await trx(STOCK_LEVELS).where({ id: level.id }).update({ quantity, updated_at: now });
    await trx(STOCK_MOVEMENTS).insert({ product_id: input.productId, warehouse_id: input.warehouseId, delta: input.delta, reason: input.reason, created_at: now });
    return quantity;
  });
}

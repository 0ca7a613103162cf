// Stock valuation and coverage for the warehouse managers' weekly meeting.
import { db } from '../lib/db.js';
import { formatCents, toInt } from '../lib/utils.js';

/** Units and value (at list price) held in each warehouse, with how many stock lines it has. */
export async function inventoryValue() {
  const valued = await db('products as p')
    .rightJoin('stock_levels as s', 'p.id', 's.product_id')
    .joinRaw('join warehouses w on w.id = s.warehouse_id')
    .groupBy('w.id', 'w.code')
    .select('w.id', 'w.code')
    .sum({ units: 's.quantity' })
    .select(db.raw('sum(s.quantity * p.price_cents) as value_cents'))
    .orderBy('w.id');
  const lines = await db('stock_levels as s')
    .rightOuterJoin('warehouses as w', 'w.id', 's.warehouse_id')
    .groupBy('w.id')
    .select('w.id')
    .count({ n: 's.id' })
    .orderBy('w.id');
  const lineCount = new Map(lines.map((l: Record<string, unknown>) => [toInt(l.id), toInt(l.n)]));
  return valued.map((r: Record<string, unknown>) => ({
    warehouseId: toInt(r.id),
    warehouse: String(r.code),
    stockLines: lineCount.get(toInt(r.id)) ?? 0,
    units: toInt(r.units),
    valueCents: toInt(r.value_cents),
    value: formatCents(toInt(r.value_cents)),
  }));
}

/** Units of each category in each warehouse, zero included. */
export async function stockCoverage() {
  const units = db('stock_levels as s')
    .join('products as p', 'p.id', 's.product_id')
    .select('s.warehouse_id', 'p.category_id')
    .sum({ units: 's.quantity' })
    .groupBy('s.warehouse_id', 'p.category_id')
    .as('u');
  const rows = await db('warehouses as w')
    // @ts-expect-error knex's typings lack the one-argument crossJoin that knex itself supports
    .crossJoin('categories as c')
    .leftJoin(units, function () {
      this.on('u.warehouse_id', '=', 'w.id').andOn('u.category_id', '=', 'c.id');
    })
    .select('w.code as warehouse', 'c.slug as category', 'u.units')
    .orderBy(['w.id', 'c.id']);
  return rows.map((r: Record<string, unknown>) => ({ warehouse: String(r.warehouse), category: String(r.category), units: toInt(r.units) }));
}

/** Stock lines never touched by a movement, and movements whose stock line no longer exists. */
export async function stockReconciliation() {
  const moved = db('stock_movements').select('product_id', 'warehouse_id').sum({ net: 'delta' }).groupBy('product_id', 'warehouse_id').as('m');
  const row = await db('stock_levels as s')
    .fullOuterJoin(moved, function () {
      this.on('m.product_id', '=', 's.product_id').andOn('m.warehouse_id', '=', 's.warehouse_id');
    })
    .select(
      db.raw('sum(case when m.product_id is null then 1 else 0 end) as never_moved'),
      db.raw('sum(case when s.id is null then 1 else 0 end) as orphan_movements'),
      db.raw('count(*) as pairs'),
    )
    .first();
  return { pairs: toInt(row?.pairs), neverMoved: toInt(row?.never_moved), orphanMovements: toInt(row?.orphan_movements) };
}

// Orders, their lines and their status history. Table names come from the shared map T.
import type { Knex } from 'knex';
import { db } from '../lib/db.js';
import { T } from '../lib/tables.js';
import { formatCents, insertedId, toInt, toIso, type Page } from '../lib/utils.js';
import type { OrderStatus } from './order-status.js';

export interface Order {
  id: number;
  userId: number;
  status: OrderStatus;
  subtotalCents: number;
  discountCents: number;
  totalCents: number;
  total: string;
  couponId: number | null;
  shippingAddressId: number | null;
  createdAt: string | null;
  updatedAt: string | null;
}

function toOrder(row: Record<string, unknown>): Order {
  return {
    id: toInt(row.id),
    userId: toInt(row.user_id),
    status: row.status as OrderStatus,
    subtotalCents: toInt(row.subtotal_cents),
    discountCents: toInt(row.discount_cents),
    totalCents: toInt(row.total_cents),
    total: formatCents(toInt(row.total_cents)),
    couponId: row.coupon_id == null ? null : toInt(row.coupon_id),
    shippingAddressId: row.shipping_address_id == null ? null : toInt(row.shipping_address_id),
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

export interface OrderFilter {
  userId?: number;
  status?: OrderStatus;
}

function filteredOrders(filter: OrderFilter): Knex.QueryBuilder {
  const q = db(`${T.ORDERS} as o`);
  if (filter.userId !== undefined) q.where('o.user_id', filter.userId);
  if (filter.status !== undefined) q.where('o.status', filter.status);
  return q;
}

export async function listOrders(filter: OrderFilter, page: Page): Promise<{ items: Order[]; total: number }> {
  const rows = await filteredOrders(filter).select('o.*').orderBy('o.id', 'desc').limit(page.limit).offset(page.offset);
  const counted = await filteredOrders(filter).count({ n: '*' }).first();
  return { items: rows.map(toOrder), total: toInt(counted?.n) };
}

export async function findOrder(id: number): Promise<Order | undefined> {
  const row = await db(`${T.ORDERS} as o`).where('o.id', id).first();
  return row ? toOrder(row) : undefined;
}

export async function orderItems(orderId: number) {
  const rows = await db(`${T.ORDER_ITEMS} as oi`)
    .join('products as p', 'p.id', 'oi.product_id')
    .where('oi.order_id', orderId)
    .select('oi.id', 'oi.product_id', 'p.sku', 'p.name', 'oi.quantity', 'oi.unit_price_cents')
    .orderBy('oi.id');
  return rows.map((r: Record<string, unknown>) => ({
    id: toInt(r.id),
    productId: toInt(r.product_id),
    sku: String(r.sku),
    name: String(r.name),
    quantity: toInt(r.quantity),
    unitPriceCents: toInt(r.unit_price_cents),
    lineTotalCents: toInt(r.quantity) * toInt(r.unit_price_cents),
  }));
}

export async function orderHistory(orderId: number) {
  const rows = await db(T.ORDER_STATUS_HISTORY).where({ order_id: orderId }).orderBy('id');
  return rows.map((r: Record<string, unknown>) => ({
    from: (r.from_status as string | null) ?? null,
    to: String(r.to_status),
    note: (r.note as string | null) ?? null,
    at: toIso(r.created_at),
  }));
}

export interface NewOrder {
  userId: number;
  subtotalCents: number;
  discountCents: number;
  couponId: number | null;
  shippingAddressId: number | null;
  items: { productId: number; quantity: number; unitPriceCents: number }[];
}

export async function insertOrder(trx: Knex.Transaction, order: NewOrder): Promise<number> {
  const now = new Date().toISOString();
  const id = insertedId(
    await trx(T.ORDERS)
      .insert({
        user_id: order.userId,
        status: 'pending',
        subtotal_cents: order.subtotalCents,
        discount_cents: order.discountCents,
        total_cents: order.subtotalCents - order.discountCents,
        coupon_id: order.couponId,
        shipping_address_id: order.shippingAddressId,
        created_at: now,
        updated_at: now,
      })
      .returning('id'),
  );
  await trx(T.ORDER_ITEMS).insert(order.items.map((i) => ({ order_id: id, product_id: i.productId, quantity: i.quantity, unit_price_cents: i.unitPriceCents })));
  await trx(T.ORDER_STATUS_HISTORY).insert({ order_id: id, from_status: null, to_status: 'pending', note: 'order placed', created_at: now });
  return id;
}

/** Moves an order from `from` to `to`; false when it was no longer in `from`. */
export async function updateOrderStatus(trx: Knex.Transaction, id: number, from: OrderStatus, to: OrderStatus, note: string): Promise<boolean> {
  const now = new Date().toISOString();
  const changed = await trx(T.ORDERS).where({ id, status: from }).update({ status: to, updated_at: now });
  if (!changed) return false;
  await trx(T.ORDER_STATUS_HISTORY).insert({ order_id: id, from_status: from, to_status: to, note, created_at: now });
  return true;
}

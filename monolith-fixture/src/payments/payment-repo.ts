// Payments and refunds.
import { db } from '../lib/db.js';
import { T } from '../lib/tables.js';
import { formatCents, insertedId, toInt, toIso } from '../lib/utils.js';

export type PaymentStatus = 'captured' | 'failed' | 'refunded';

export interface Payment {
  id: number;
  orderId: number;
  amountCents: number;
  amount: string;
  status: PaymentStatus;
  providerRef: string;
  createdAt: string | null;
}

function toPayment(row: Record<string, unknown>): Payment {
  return {
    id: toInt(row.id),
    orderId: toInt(row.order_id),
    amountCents: toInt(row.amount_cents),
    amount: formatCents(toInt(row.amount_cents)),
    status: row.status as PaymentStatus,
    providerRef: String(row.provider_ref),
    createdAt: toIso(row.created_at),
  };
}

export async function findPayment(id: number): Promise<Payment | undefined> {
  const row = await db.table(T.PAYMENTS).where({ id }).first();
  return row ? toPayment(row) : undefined;
}

export async function paymentsForOrder(orderId: number): Promise<Payment[]> {
  return (await db(T.PAYMENTS).where({ order_id: orderId }).orderBy('id')).map(toPayment);
}

export async function insertPayment(p: { orderId: number; amountCents: number; status: PaymentStatus; providerRef: string }): Promise<number> {
  const rows = await db
    .insert({ order_id: p.orderId, amount_cents: p.amountCents, status: p.status, provider_ref: p.providerRef, created_at: new Date().toISOString() })
    .into(T.PAYMENTS)
    .returning('id');
  return insertedId(rows);
}

export async function setPaymentStatus(id: number, status: PaymentStatus): Promise<void> {
  await db(T.PAYMENTS).where({ id }).update({ status });
}

export async function listRefunds(paymentId: number) {
  const rows = await db(T.REFUNDS).where({ payment_id: paymentId }).orderBy('id');
  return rows.map((r: Record<string, unknown>) => ({
    id: toInt(r.id),
    paymentId: toInt(r.payment_id),
    amountCents: toInt(r.amount_cents),
    amount: formatCents(toInt(r.amount_cents)),
    reason: String(r.reason),
    createdAt: toIso(r.created_at),
  }));
}

export async function refundedCents(paymentId: number): Promise<number> {
  const row = await db(T.REFUNDS).where({ payment_id: paymentId }).sum({ total: 'amount_cents' }).first();
  return toInt(row?.total);
}

export async function insertRefund(r: { paymentId: number; amountCents: number; reason: string }): Promise<number> {
  const rows = await db
    .insert({ payment_id: r.paymentId, amount_cents: r.amountCents, reason: r.reason, created_at: new Date().toISOString() })
    .into(T.REFUNDS)
    .returning('id');
  return insertedId(rows);
}

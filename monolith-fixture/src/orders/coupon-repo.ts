// Discount coupons.
import type { Knex } from 'knex';
import { db } from '../lib/db.js';
import { T } from '../lib/tables.js';
import { toBool, toInt } from '../lib/utils.js';

export interface Coupon {
  id: number;
  code: string;
  percentOff: number;
  active: boolean;
  timesUsed: number;
  maxUses: number | null;
}

export async function findCouponByCode(code: string): Promise<Coupon | undefined> {
  const row = await db(T.COUPONS).whereRaw('upper(code) = ?', [code.trim().toUpperCase()]).first();
  if (!row) return undefined;
  return {
    id: toInt(row.id),
    code: String(row.code),
    percentOff: toInt(row.percent_off),
    active: toBool(row.active),
    timesUsed: toInt(row.times_used),
    maxUses: row.max_uses == null ? null : toInt(row.max_uses),
  };
}

export function couponUsable(c: Coupon): boolean {
  return c.active && (c.maxUses === null || c.timesUsed < c.maxUses);
}

export async function useCoupon(trx: Knex.Transaction, id: number): Promise<void> {
  await trx(T.COUPONS).where({ id }).increment('times_used', 1);
}

import type { Knex } from 'knex';
import type { Rng } from '../../lib/prng.js';
import type { SeededOrder } from './orders-seed.js';
import { chunks, seedTime } from './seed-helpers.js';

export async function seedPayments(knex: Knex, rng: Rng, orders: SeededOrder[]): Promise<void> {
  const payments: Record<string, unknown>[] = [];
  const refunds: Record<string, unknown>[] = [];
  const ref = () => `ch_${Array.from({ length: 20 }, () => rng.int(0, 15).toString(16)).join('')}`;
  for (const o of orders) {
    if (o.status === 'pending' && rng.chance(0.3)) {
      payments.push({ order_id: o.id, amount_cents: o.totalCents, status: 'failed', provider_ref: ref(), created_at: seedTime(o.minute + 300) });
      continue;
    }
    const paid = ['paid', 'shipped', 'delivered'].includes(o.status) || o.paidThenCancelled;
    if (!paid) continue;
    const fullRefund = o.paidThenCancelled;
    const partialRefund = !fullRefund && o.status === 'delivered' && rng.chance(0.08);
    payments.push({ order_id: o.id, amount_cents: o.totalCents, status: fullRefund ? 'refunded' : 'captured', provider_ref: ref(), created_at: seedTime(o.minute + 600) });
    const paymentId = payments.length;
    if (fullRefund) refunds.push({ payment_id: paymentId, amount_cents: o.totalCents, reason: 'order cancelled', created_at: seedTime(o.minute + 1200) });
    if (partialRefund) refunds.push({ payment_id: paymentId, amount_cents: Math.floor(o.totalCents / 4), reason: 'damaged item', created_at: seedTime(o.minute + 5000) });
  }
  for (const chunk of chunks(payments)) await knex('payments').insert(chunk);
  if (refunds.length) await knex('refunds').insert(refunds);
}

import type { Knex } from 'knex';
import type { Rng } from '../../lib/prng.js';
import type { SeededProduct } from './catalog-seed.js';
import { chunks, seedTime } from './seed-helpers.js';

const COUPONS = [
  { code: 'WELCOME10', percent_off: 10, active: true, max_uses: null },
  { code: 'SPRING20', percent_off: 20, active: true, max_uses: 500 },
  { code: 'VIP30', percent_off: 30, active: true, max_uses: 50 },
  { code: 'SUMMER15', percent_off: 15, active: false, max_uses: null },
  { code: 'STAFF5', percent_off: 5, active: true, max_uses: null },
];
const PATHS: Record<string, string[]> = {
  pending: ['pending'],
  paid: ['pending', 'paid'],
  shipped: ['pending', 'paid', 'shipped'],
  delivered: ['pending', 'paid', 'shipped', 'delivered'],
  cancelled: ['pending', 'cancelled'],
  refunded: ['pending', 'paid', 'cancelled'],
};

export interface SeededOrder {
  id: number;
  userId: number;
  status: string;
  /** Cancelled after it was paid (so it has a refunded payment). */
  paidThenCancelled: boolean;
  totalCents: number;
  itemCount: number;
  minute: number;
}

function pickPath(rng: Rng): string {
  const r = rng.next();
  if (r < 0.15) return 'pending';
  if (r < 0.35) return 'paid';
  if (r < 0.6) return 'shipped';
  if (r < 0.9) return 'delivered';
  return rng.chance(0.5) ? 'cancelled' : 'refunded';
}

export async function seedOrders(knex: Knex, rng: Rng, orderCount: number, userCount: number, products: SeededProduct[], defaultAddress: Map<number, number>): Promise<SeededOrder[]> {
  const active = products.filter((p) => p.active);
  const orders: Record<string, unknown>[] = [];
  const items: Record<string, unknown>[] = [];
  const history: Record<string, unknown>[] = [];
  const seeded: SeededOrder[] = [];
  const couponUses = new Array<number>(COUPONS.length).fill(0);

  for (let id = 1; id <= orderCount; id++) {
    const userId = rng.int(1, userCount);
    const minute = 100_000 + id * 45;
    let subtotal = 0;
    let itemCount = 0;
    const seen = new Set<number>();
    for (let k = rng.int(1, 4); k > 0; k--) {
      const p = rng.pick(active);
      if (seen.has(p.id)) continue;
      seen.add(p.id);
      const quantity = rng.int(1, 3);
      subtotal += quantity * p.priceCents;
      itemCount += quantity;
      items.push({ order_id: id, product_id: p.id, quantity, unit_price_cents: p.priceCents });
    }
    const couponIndex = rng.chance(0.15) ? rng.pick([0, 1, 2, 4]) : -1;
    if (couponIndex >= 0) couponUses[couponIndex]++;
    const discount = couponIndex >= 0 ? Math.floor((subtotal * COUPONS[couponIndex].percent_off) / 100) : 0;
    const path = pickPath(rng);
    const steps = PATHS[path];
    const status = steps[steps.length - 1];
    steps.forEach((to, s) =>
      history.push({ order_id: id, from_status: s === 0 ? null : steps[s - 1], to_status: to, note: s === 0 ? 'order placed' : null, created_at: seedTime(minute + s * 600) }),
    );
    orders.push({
      user_id: userId,
      status,
      subtotal_cents: subtotal,
      discount_cents: discount,
      total_cents: subtotal - discount,
      coupon_id: couponIndex >= 0 ? couponIndex + 1 : null,
      shipping_address_id: defaultAddress.get(userId) ?? null,
      created_at: seedTime(minute),
      updated_at: seedTime(minute + (steps.length - 1) * 600),
    });
    seeded.push({ id, userId, status, paidThenCancelled: path === 'refunded', totalCents: subtotal - discount, itemCount, minute });
  }

  await knex('coupons').insert(COUPONS.map((c, i) => ({ ...c, times_used: couponUses[i] })));
  for (const chunk of chunks(orders)) await knex('orders').insert(chunk);
  for (const chunk of chunks(items)) await knex('order_items').insert(chunk);
  for (const chunk of chunks(history)) await knex('order_status_history').insert(chunk);
  return seeded;
}

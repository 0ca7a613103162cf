import type { Knex } from 'knex';
import type { SeededOrder } from './orders-seed.js';
import { chunks, seedTime } from './seed-helpers.js';

const RATES = [
  { country: 'NL', carrier: 'postnl', service: 'standard', base_cents: 495, per_item_cents: 50 },
  { country: 'NL', carrier: 'dhl', service: 'express', base_cents: 995, per_item_cents: 75 },
  { country: 'DE', carrier: 'dhl', service: 'standard', base_cents: 595, per_item_cents: 60 },
  { country: 'DE', carrier: 'ups', service: 'express', base_cents: 1295, per_item_cents: 90 },
  { country: 'FR', carrier: 'colissimo', service: 'standard', base_cents: 695, per_item_cents: 70 },
  { country: 'FR', carrier: 'ups', service: 'express', base_cents: 1395, per_item_cents: 90 },
  { country: 'BE', carrier: 'postnl', service: 'standard', base_cents: 595, per_item_cents: 60 },
  { country: 'BE', carrier: 'dhl', service: 'express', base_cents: 1095, per_item_cents: 80 },
];

export async function seedShipping(knex: Knex, orders: SeededOrder[]): Promise<void> {
  await knex('shipping_rates').insert(RATES);
  const shipments = orders
    .filter((o) => o.status === 'shipped' || o.status === 'delivered')
    .map((o) => {
      const carrier = RATES[o.id % RATES.length].carrier;
      return {
        order_id: o.id,
        carrier,
        tracking_number: `${carrier.slice(0, 3).toUpperCase()}${String(o.id).padStart(9, '0')}`,
        status: o.status === 'delivered' ? 'delivered' : 'in_transit',
        shipped_at: seedTime(o.minute + 1200),
        delivered_at: o.status === 'delivered' ? seedTime(o.minute + 1800) : null,
        created_at: seedTime(o.minute + 1200),
      };
    });
  for (const chunk of chunks(shipments)) await knex('shipments').insert(chunk);
}

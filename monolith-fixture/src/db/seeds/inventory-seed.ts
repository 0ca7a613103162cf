import type { Knex } from 'knex';
import type { Rng } from '../../lib/prng.js';
import type { SeededProduct } from './catalog-seed.js';
import { chunks, seedTime } from './seed-helpers.js';

const WAREHOUSES = [
  { code: 'AMS', name: 'Amsterdam hub', city: 'Amsterdam' },
  { code: 'BER', name: 'Berlin depot', city: 'Berlin' },
  { code: 'PAR', name: 'Paris depot', city: 'Paris' },
];

export async function seedInventory(knex: Knex, rng: Rng, products: SeededProduct[]): Promise<void> {
  await knex('warehouses').insert(WAREHOUSES);
  const levels: Record<string, unknown>[] = [];
  const movements: Record<string, unknown>[] = [];
  for (const p of products) {
    WAREHOUSES.forEach((_, w) => {
      const quantity = rng.chance(0.1) ? 0 : rng.int(1, 60);
      levels.push({ product_id: p.id, warehouse_id: w + 1, quantity, reserved: 0, updated_at: seedTime(p.id * 7 + w) });
      if (quantity > 0) movements.push({ product_id: p.id, warehouse_id: w + 1, delta: quantity, reason: 'restock', order_id: null, created_at: seedTime(p.id * 7 + w) });
    });
  }
  for (const chunk of chunks(levels)) await knex('stock_levels').insert(chunk);
  for (const chunk of chunks(movements)) await knex('stock_movements').insert(chunk);
}

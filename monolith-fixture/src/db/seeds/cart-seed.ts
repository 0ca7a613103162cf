import type { Knex } from 'knex';
import type { Rng } from '../../lib/prng.js';
import type { SeededProduct } from './catalog-seed.js';
import { seedTime } from './seed-helpers.js';

/** Open carts for the first `cartCount` users. */
export async function seedCarts(knex: Knex, rng: Rng, cartCount: number, products: SeededProduct[]): Promise<void> {
  const active = products.filter((p) => p.active);
  await knex('carts').insert(Array.from({ length: cartCount }, (_, i) => ({ user_id: i + 1, created_at: seedTime(200_000 + i), updated_at: seedTime(200_100 + i) })));
  const items: Record<string, unknown>[] = [];
  for (let cartId = 1; cartId <= cartCount; cartId++) {
    const seen = new Set<number>();
    for (let k = rng.int(1, 3); k > 0; k--) {
      const p = rng.pick(active);
      if (seen.has(p.id)) continue;
      seen.add(p.id);
      items.push({ cart_id: cartId, product_id: p.id, quantity: rng.int(1, 3), added_at: seedTime(200_000 + cartId * 3 + k) });
    }
  }
  await knex('cart_items').insert(items);
}

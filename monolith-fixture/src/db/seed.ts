// Deterministic demo data: the same seed gives the same rows, ids and order on SQLite and PostgreSQL.
import type { Knex } from 'knex';
import { createRng } from '../lib/prng.js';
import { toInt } from '../lib/utils.js';
import { seedAccounts } from './seeds/accounts-seed.js';
import { seedCarts } from './seeds/cart-seed.js';
import { seedCatalog } from './seeds/catalog-seed.js';
import { seedInventory } from './seeds/inventory-seed.js';
import { seedNotifications } from './seeds/notifications-seed.js';
import { seedOrders } from './seeds/orders-seed.js';
import { seedPayments } from './seeds/payments-seed.js';
import { seedReviews } from './seeds/reviews-seed.js';
import { seedShipping } from './seeds/shipping-seed.js';

export interface SeedOptions {
  seed?: number;
  users?: number;
  products?: number;
  orders?: number;
  reviews?: number;
}

export const DEFAULT_SEED = { seed: 20250101, users: 120, products: 300, orders: 400, reviews: 500 } as const;

export async function isSeeded(knex: Knex): Promise<boolean> {
  const row = await knex('users').count({ n: '*' }).first();
  return toInt(row?.n) > 0;
}

/** Fills an empty, migrated database in one transaction. Ids are 1..n because the tables start empty. */
export async function seed(knex: Knex, options: SeedOptions = {}): Promise<void> {
  const o = { ...DEFAULT_SEED, ...options };
  if (await isSeeded(knex)) throw Object.assign(new Error('seed needs an empty database'), { code: 'SHOP_SEED_NOT_EMPTY' });
  const rng = createRng(o.seed);
  await knex.transaction(async (trx) => {
    const accounts = await seedAccounts(trx, rng, o.users);
    const products = await seedCatalog(trx, rng, o.products);
    await seedInventory(trx, rng, products);
    await seedCarts(trx, rng, Math.min(25, o.users), products);
    const orders = await seedOrders(trx, rng, o.orders, o.users, products, accounts.defaultAddress);
    await seedPayments(trx, rng, orders);
    await seedShipping(trx, orders);
    await seedReviews(trx, rng, o.reviews, o.users, o.products);
    await seedNotifications(trx, rng, orders, accounts.emails, Math.min(200, o.orders));
  });
}

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

export const DEFAULT_SEED = { seed: 20250101, users: 200, products: 300, orders: 400, reviews: 500 } as const;

export async function isSeeded(knex: Knex): Promise<boolean> {
  const row = await knex('users').count({ n: '*' }).first();
  return toInt(row?.n) > 0;
}

/** Fills an empty, migrated database in one transaction. Ids are 1..n because the tables start empty. */
export async function seed(knex: Knex, options: SeedOptions = {}): Promise<void> {
  const o = { ...DEFAULT_SEED, ...options };
  if (await isSeeded(knex)) throw Object.assign(new Error('seed needs an empty database'), { code: 'SHOP_SEED_NOT_EMPTY' });
  // One random stream per area, so an area's rows do not shift when another seeder changes
  // (an extracted service can regenerate its own tables from the same seed).
  const stream = (area: number) => createRng(o.seed * 31 + area);
  await knex.transaction(async (trx) => {
    const accounts = await seedAccounts(trx, stream(1), o.users);
    const products = await seedCatalog(trx, stream(2), o.products);
    await seedInventory(trx, stream(3), products);
    await seedCarts(trx, stream(4), Math.min(25, o.users), products);
    const orders = await seedOrders(trx, stream(5), o.orders, o.users, products, accounts.defaultAddress);
    await seedPayments(trx, stream(6), orders);
    await seedShipping(trx, orders);
    await seedReviews(trx, stream(8), o.reviews, o.users, o.products);
    await seedNotifications(trx, stream(9), orders, accounts.emails, Math.min(200, o.orders));
  });
}

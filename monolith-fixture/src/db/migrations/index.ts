import type { Knex } from 'knex';
import * as accounts from './001-accounts.js';
import * as catalog from './002-catalog.js';
import * as inventory from './003-inventory.js';
import * as cart from './004-cart.js';
import * as orders from './005-orders.js';
import * as payments from './006-payments.js';
import * as shipping from './007-shipping.js';
import * as reviews from './008-reviews.js';
import * as notifications from './009-notifications.js';
import * as reporting from './010-reporting.js';

export interface ShopMigration {
  name: string;
  up: (knex: Knex) => Promise<void>;
  down: (knex: Knex) => Promise<void>;
}

// In order: later migrations reference tables of earlier ones.
export const migrations: ShopMigration[] = [
  { name: '001-accounts', ...accounts },
  { name: '002-catalog', ...catalog },
  { name: '003-inventory', ...inventory },
  { name: '004-cart', ...cart },
  { name: '005-orders', ...orders },
  { name: '006-payments', ...payments },
  { name: '007-shipping', ...shipping },
  { name: '008-reviews', ...reviews },
  { name: '009-notifications', ...notifications },
  { name: '010-reporting', ...reporting },
];

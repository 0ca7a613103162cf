import type { Knex } from 'knex';
import { hashPassword } from '../../accounts/password.js';
import type { Rng } from '../../lib/prng.js';
import { chunks, seedTime } from './seed-helpers.js';

const FIRST = ['Ada', 'Bram', 'Chloe', 'Daan', 'Eva', 'Finn', 'Greta', 'Hugo', 'Iris', 'Jonas', 'Lena', 'Milan', 'Noor', 'Otto', 'Pia', 'Ruben', 'Sara', 'Tom', 'Uma', 'Vince'];
const LAST = ['Jansen', 'de Vries', 'Bakker', 'Visser', 'Smit', 'Meyer', 'Schulz', 'Dubois', 'Laurent', 'Peeters', 'Maes', 'Claes'];
const CITIES: Record<string, string[]> = { NL: ['Amsterdam', 'Utrecht', 'Rotterdam'], DE: ['Berlin', 'Hamburg', 'Köln'], FR: ['Paris', 'Lyon', 'Lille'], BE: ['Gent', 'Antwerpen', 'Brussel'] };

export const SEED_PASSWORD = 'password123';

export interface SeededAccounts {
  emails: string[];
  /** Default address id per user id. */
  defaultAddress: Map<number, number>;
}

export async function seedAccounts(knex: Knex, rng: Rng, userCount: number): Promise<SeededAccounts> {
  // One hash for every seeded user: scrypt per user would make seeding slow for nothing.
  const passwordHash = hashPassword(SEED_PASSWORD, 'seed0000salt');
  const users = Array.from({ length: userCount }, (_, i) => {
    const first = rng.pick(FIRST);
    const last = rng.pick(LAST);
    return {
      email: `${first}.${last.replace(/\s/g, '')}.${i + 1}@example.com`.toLowerCase(),
      name: `${first} ${last}`,
      password_hash: passwordHash,
      role: i === 0 ? 'admin' : 'customer',
      created_at: seedTime(i * 90),
    };
  });
  for (const chunk of chunks(users)) await knex('users').insert(chunk);

  const addresses: Record<string, unknown>[] = [];
  const defaultAddress = new Map<number, number>();
  for (let userId = 1; userId <= userCount; userId++) {
    const count = rng.chance(0.3) ? 2 : 1;
    for (let k = 0; k < count; k++) {
      const country = rng.pick(Object.keys(CITIES));
      if (k === 0) defaultAddress.set(userId, addresses.length + 1);
      addresses.push({
        user_id: userId,
        line1: `${rng.int(1, 250)} ${rng.pick(['Main', 'Station', 'Church', 'Market', 'Canal'])} Street`,
        city: rng.pick(CITIES[country]),
        postal_code: String(rng.int(1000, 9999)),
        country,
        is_default: k === 0,
        created_at: seedTime(userId * 90 + 5 + k),
      });
    }
  }
  for (const chunk of chunks(addresses)) await knex('addresses').insert(chunk);
  return { emails: users.map((u) => u.email), defaultAddress };
}

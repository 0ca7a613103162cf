import type { Knex } from 'knex';
import type { Rng } from '../../lib/prng.js';
import type { SeededOrder } from './orders-seed.js';
import { chunks, seedTime } from './seed-helpers.js';

/** An "order placed" notification and e-mail for each of the first orders. */
export async function seedNotifications(knex: Knex, rng: Rng, orders: SeededOrder[], userEmails: string[], count: number): Promise<void> {
  const picked = orders.slice(0, count);
  const notifications = picked.map((o) => ({
    user_id: o.userId,
    kind: 'order_placed',
    message: `Order #${o.id} placed`,
    read_at: rng.chance(0.6) ? seedTime(o.minute + 60) : null,
    created_at: seedTime(o.minute + 1),
  }));
  for (const chunk of chunks(notifications)) await knex('notifications').insert(chunk);
  const emails = picked.map((o, i) => ({
    notification_id: i + 1,
    to_email: userEmails[o.userId - 1],
    subject: `Order #${o.id} placed`,
    status: rng.pick(['delivered', 'delivered', 'delivered', 'queued', 'bounced']),
    attempts: 1,
    updated_at: seedTime(o.minute + 2),
  }));
  for (const chunk of chunks(emails)) await knex('email_outbox').insert(chunk);
}

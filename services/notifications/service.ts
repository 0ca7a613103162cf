// The notifications satellite: subscribes to the shop's `order.placed` events and keeps one notification
// per order in its own database (the event id is unique, so a redelivered event is stored once).
import { createEventBus, defineService, openKnex, runMigrations, type EventBus, type Knex, type ServiceMigration } from '../kit/index.js';
import { loadConfig, type NotificationsConfig } from './config.js';

export type NotificationsDeps = {
  db: Knex;
  events: EventBus;
};

export interface OrderPlaced {
  orderId: number;
  userId: number;
  totalCents: number;
  placedAt: string;
}

const migrations: ServiceMigration[] = [
  {
    name: '001-order-notifications',
    up: (knex) =>
      knex.schema.createTable('order_notifications', (t) => {
        t.increments('id');
        t.string('event_id', 64).notNullable().unique();
        t.integer('order_id').notNullable().index();
        t.integer('user_id').notNullable();
        t.string('message', 200).notNullable();
        t.string('created_at', 30).notNullable();
      }),
    down: (knex) => knex.schema.dropTable('order_notifications'),
  },
];

export const notifications = defineService<NotificationsDeps, NotificationsConfig>({
  name: 'notifications',
  config: loadConfig,
  deps: {
    db: (config) => openKnex(config.DATABASE_URL).knex,
    events: (config) => createEventBus({ url: config.AMQP_URL, service: config.EVENTS_SUBSCRIBER, exchange: config.EVENTS_EXCHANGE, retries: config.EVENT_RETRIES, retryDelayMs: config.EVENT_RETRY_DELAY_MS }),
  },
  setup: async ({ db, events }) => {
    await runMigrations(db, migrations);
    events.subscribe<OrderPlaced>('order.placed', async (event) => {
      const { orderId, userId, totalCents } = event.payload;
      if (!Number.isInteger(orderId) || !Number.isInteger(userId)) throw new Error(`order.placed without orderId/userId: ${JSON.stringify(event.payload)}`);
      const message = `Order #${orderId} placed: ${(totalCents / 100).toFixed(2)} EUR`;
      await db('order_notifications').insert({ event_id: event.id, order_id: orderId, user_id: userId, message, created_at: new Date().toISOString() }).onConflict('event_id').ignore();
    });
  },
  routes: (router, { deps }) => {
    router.get('/api/notifications', async (req, res) => {
      const q = deps.db('order_notifications').select('order_id as orderId', 'user_id as userId', 'message', 'created_at as createdAt').orderBy('id');
      if (req.query.orderId) q.where({ order_id: Number(req.query.orderId) });
      if (req.query.userId) q.where({ user_id: Number(req.query.userId) });
      res.json({ items: await q });
    });
  },
});

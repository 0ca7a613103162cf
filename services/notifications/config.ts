// Configuration of the notifications service from environment variables, validated once.
import { baseServiceConfigSchema, loadServiceConfig, z } from '../kit/index.js';

export const configSchema = baseServiceConfigSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(4003),
  DATABASE_URL: z.string().regex(/^(sqlite:|postgres(ql)?:\/\/)/, 'must be sqlite:path or postgres://…').default('sqlite:.data/notifications.db'),
  AMQP_URL: z.string().regex(/^amqps?:\/\//, 'must be amqp://user:pass@host:port').default('amqp://guest:guest@127.0.0.1:5672'),
  // The shop publishes to its own exchange; the service listens there.
  EVENTS_EXCHANGE: z.string().min(1).default('shop.events'),
  // Names its durable queues (`<subscriber>.order.placed`): one per service, shared by its replicas.
  EVENTS_SUBSCRIBER: z.string().regex(/^[\w.-]+$/).default('notifications'),
  EVENT_RETRIES: z.coerce.number().int().min(0).default(3),
  EVENT_RETRY_DELAY_MS: z.coerce.number().int().min(0).default(1000),
});

export type NotificationsConfig = z.infer<typeof configSchema>;

export function loadConfig(env: Record<string, string | undefined> = process.env): NotificationsConfig {
  return loadServiceConfig(configSchema, env);
}

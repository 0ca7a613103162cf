// Starts the notifications service: `node dist/services/notifications/server.js` (or `npx tsx services/notifications/server.ts`).
// Environment: PORT (4003), HOST, DATABASE_URL, AMQP_URL, EVENTS_EXCHANGE, EVENT_RETRIES, EVENT_RETRY_DELAY_MS, LOG_LEVEL.
import { startService } from '../kit/index.js';
import { notifications } from './service.js';

startService(notifications).catch((err: { message?: string; code?: string }) => {
  process.stderr.write(`notifications: ${err.message ?? String(err)}${err.code ? ` (${err.code})` : ''}\n`);
  process.exit(1);
});

// `npm run fixture`: PORT (default 3000), HOST (default 127.0.0.1), DATABASE_URL (default a SQLite file).
import { logError } from './lib/logger.js';
import { startShop } from './start-shop.js';

const port = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`PORT must be an integer from 0 to 65535 (got "${process.env.PORT}")\n`);
  process.exit(2);
}

try {
  const shop = await startShop({ port, host: process.env.HOST || '127.0.0.1', databaseUrl: process.env.DATABASE_URL });
  process.stdout.write(`shop listening on ${shop.url}\n`);
  const stop = (signal: string) => {
    // A second signal while draining means "now".
    process.once(signal, () => process.exit(1));
    shop.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logError('shutdown failed', { error: String(err) });
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
} catch (err) {
  process.stderr.write(`shop failed to start: ${(err as Error).message}\n`);
  process.exit(1);
}

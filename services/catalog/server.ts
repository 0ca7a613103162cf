// Starts the catalog service: `node dist/services/catalog/server.js` (or `npx tsx services/catalog/server.ts`).
// Environment: PORT, HOST, DATABASE_URL, LOG_LEVEL, SHUTDOWN_GRACE_MS, CATALOG_BREAK (see config.ts).
// Migrates its own database, listens, and shuts down gracefully on SIGTERM/SIGINT.
import { handleShutdownSignals, openKnex } from '../kit/index.js';
import { loadConfig } from './config.js';
import { migrateCatalog } from './migrations/index.js';
import { buildService } from './service.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const { knex } = openKnex(config.DATABASE_URL);
  try {
    await migrateCatalog(knex);
  } catch (err) {
    await knex.destroy();
    throw err;
  }
  const service = buildService({ db: knex }, config);
  handleShutdownSignals(service);
  await service.listen(config.PORT, config.HOST);
}

main().catch((err: { message?: string; code?: string }) => {
  process.stderr.write(`catalog: ${err.message ?? String(err)}${err.code ? ` (${err.code})` : ''}\n`);
  process.exit(1);
});

// The shop's express application. Example: `createApp({ knex }).listen(0)`.
import express, { type Express } from 'express';
import type { Knex } from 'knex';
import { apiRouter } from './api-router.js';
import { db, runWithDb } from './lib/db.js';
import { handleErrors, handleNotFound } from './lib/error-handler.js';
import { assignRequestId } from './lib/request-id.js';
import { webhookRouter } from './notifications/webhook-routes.js';

export interface AppOptions {
  knex: Knex;
}

/** Builds the app over an open, migrated database. */
export function createApp({ knex }: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '100kb' }));
  app.use(assignRequestId);
  // After the body parser: its callbacks run outside this request's async context.
  app.use((_req, _res, next) => runWithDb(knex, next));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    await db.raw('select 1');
    res.json({ status: 'ready' });
  });

  app.use('/api', apiRouter);
  app.use('/webhooks', webhookRouter);
  app.use(handleNotFound);
  app.use(handleErrors);
  return app;
}

// The catalog service, built from injected dependencies so a test can pass its own (scaffolded by `ficus new-service`).
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { createService, type Service } from '../kit/index.js';
import type { CatalogConfig } from './config.js';
import { registerRoutes } from './routes.js';

export type CatalogDeps = {
  /** This service's own database (never the monolith's). */
  db: Knex;
};

/** Builds the service; nothing listens until `listen()`. Example: `buildService({ db: knex }, loadConfig())`. */
export function buildService(deps: CatalogDeps, config: CatalogConfig, options: { logger?: Logger } = {}): Service<CatalogDeps, CatalogConfig> {
  return createService({
    name: 'catalog',
    deps,
    config,
    logger: options.logger,
    logLevel: config.LOG_LEVEL,
    shutdownGraceMs: config.SHUTDOWN_GRACE_MS,
    routes: registerRoutes,
  });
}

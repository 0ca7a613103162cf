// createService: an express 5 app with what every satellite needs — /healthz, /readyz over its declared
// dependencies, request ids, JSON logs, Prometheus metrics, problem+json errors, graceful shutdown.
import express, { type Express, type Router } from 'express';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import type { Registry } from 'prom-client';
import { checkReadiness, describeDependency } from './dependencies.js';
import { KitError } from './errors.js';
import { createServiceMetrics } from './metrics.js';
import { handleErrors, routeNotFound } from './problem.js';
import { REQUEST_ID_HEADER, pickRequestId, runWithRequestContext } from './request-context.js';

export interface ServiceContext<D, C> {
  name: string;
  deps: D;
  config: C;
  log: Logger;
}

export interface ServiceOptions<D extends Record<string, unknown>, C> {
  name: string;
  /** Declares the service's routes on a router mounted at `/`. */
  routes: (router: Router, ctx: ServiceContext<D, C>) => void;
  /** Injected dependencies (knex, clients, fakes); checked by /readyz and closed on shutdown, in reverse order. */
  deps?: D;
  config?: C;
  /** Defaults to pino JSON on stdout at `logLevel`. */
  logger?: Logger;
  logLevel?: string;
  readinessTimeoutMs?: number;
  /** How long close() waits for in-flight requests before cutting connections. */
  shutdownGraceMs?: number;
  /** Body size limit for JSON requests (express.json). */
  jsonLimit?: string;
  /** prom-client's default process metrics; on unless turned off. */
  defaultMetrics?: boolean;
}

export interface Service<D, C> extends ServiceContext<D, C> {
  app: Express;
  metrics: Registry;
  /** Binds (port 0 = any free port) and resolves to the bound port. */
  listen: (port?: number, host?: string) => Promise<number>;
  /** Stops accepting, lets in-flight requests finish (up to the grace period), then closes the dependencies. */
  close: () => Promise<void>;
  /** `http://host:port` once listening. */
  url: () => string;
}

/**
 * Builds a service; nothing listens until `listen()`.
 * Example: `createService({ name: 'catalog', deps: { db: knex }, routes: (r, { deps }) => r.get('/x', ...) })`.
 */
export function createService<D extends Record<string, unknown> = Record<string, never>, C = undefined>(options: ServiceOptions<D, C>): Service<D, C> {
  const { name } = options;
  const deps = (options.deps ?? {}) as D;
  const config = options.config as C;
  const log = options.logger ?? pino({ name, level: options.logLevel ?? 'info' });
  const checks = Object.entries(deps).map(([depName, value]) => describeDependency(depName, value));
  const metrics = createServiceMetrics(name, { defaultMetrics: options.defaultMetrics });
  // Dependencies that count things (the event bus, clients) put their series on the service's /metrics.
  for (const value of Object.values(deps)) (value as { registerMetrics?: (r: Registry) => void } | null)?.registerMetrics?.(metrics.registry);
  const graceMs = options.shutdownGraceMs ?? 10_000;
  const readinessTimeoutMs = options.readinessTimeoutMs ?? 2_000;

  let server: http.Server | undefined;
  let draining = false;
  let closing: Promise<void> | undefined;

  const app = express();
  app.disable('x-powered-by');
  app.use((req, res, next) => {
    const start = process.hrtime.bigint();
    const requestId = pickRequestId(req.headers[REQUEST_ID_HEADER]);
    const reqLog = log.child({ reqId: requestId });
    res.setHeader(REQUEST_ID_HEADER, requestId);
    if (draining) res.setHeader('connection', 'close');
    // 'close' also fires when the client goes away first; such requests count as 499 (nginx's "client closed request").
    res.on('close', () => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const route = req.route ? `${req.baseUrl}${String(req.route.path)}` : '(unmatched)';
      const status = res.writableFinished ? res.statusCode : 499;
      metrics.observeRequest({ method: req.method, route, status }, seconds);
      reqLog.info({ method: req.method, url: req.originalUrl, route, status, ms: Math.round(seconds * 1e4) / 10 }, 'request');
      // A keep-alive socket that finishes its last response while draining is closed now, not at the grace deadline.
      if (draining) server?.closeIdleConnections();
    });
    runWithRequestContext({ requestId, log: reqLog }, next);
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: name });
  });
  app.get('/readyz', async (_req, res) => {
    if (draining) {
      res.status(503).json({ status: 'draining', service: name, failed: [], checks: [] });
      return;
    }
    const report = await checkReadiness(checks, readinessTimeoutMs);
    const failed = report.checks.filter((c) => !c.ok).map((c) => c.name);
    res.status(report.ready ? 200 : 503).json({ status: report.ready ? 'ready' : 'unready', service: name, failed, checks: report.checks });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  const router = express.Router();
  router.use(express.json({ limit: options.jsonLimit ?? '1mb' }));
  const context: ServiceContext<D, C> = { name, deps, config, log };
  options.routes(router, context);
  app.use(router);
  app.use(routeNotFound);
  app.use(handleErrors);

  const listen = (port = 0, host = '127.0.0.1'): Promise<number> => {
    if (server) return Promise.reject(new KitError('FICUS_SERVICE_LISTENING', `service ${name} is already listening`));
    const s = http.createServer(app);
    server = s;
    return new Promise((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, host, () => {
        s.off('error', reject);
        const bound = (s.address() as AddressInfo).port;
        log.info({ port: bound, host }, 'listening');
        resolve(bound);
      });
    });
  };

  const close = (): Promise<void> => {
    closing ??= (async () => {
      draining = true;
      if (server?.listening) {
        const s = server;
        const closed = new Promise<void>((resolve) => s.close(() => resolve()));
        s.closeIdleConnections();
        const cut = setTimeout(() => s.closeAllConnections(), graceMs);
        await closed;
        clearTimeout(cut);
      }
      for (const check of [...checks].reverse()) {
        try {
          await check.close();
        } catch (err) {
          log.error({ err, dependency: check.name }, 'closing a dependency failed');
        }
      }
      log.info('closed');
    })();
    return closing;
  };

  const url = (): string => {
    const address = server?.address() as AddressInfo | null | undefined;
    if (!address) return '';
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}`;
  };

  return { ...context, app, metrics: metrics.registry, listen, close, url };
}

/**
 * Closes the service on SIGTERM/SIGINT, then exits (0, or 1 if closing failed); a second signal exits at once.
 * Returns a function that removes the handlers.
 */
export function handleShutdownSignals(service: { close: () => Promise<void>; log: Logger }, exit: (code: number) => void = process.exit): () => void {
  let closing = false;
  // Kept installed while closing: a second signal exits at once instead of being ignored.
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) {
      service.log.warn({ signal }, 'second signal: exiting without waiting');
      exit(1);
      return;
    }
    closing = true;
    service.log.info({ signal }, 'shutting down');
    service.close().then(
      () => exit(0),
      (err: unknown) => {
        service.log.error({ err }, 'shutdown failed');
        exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return () => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  };
}

// The admin port: health, readiness, Prometheus metrics, the route control API and the dashboard.
// Express serves it (never the data plane). Every endpoint except /healthz, /readyz and the static
// dashboard shell (which holds no data and asks for the token) needs `Authorization: Bearer <token>`.
import express, { type NextFunction, type Request, type Response } from 'express';
import { sendProblem } from '../../common/problem.js';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { GatewayConfig } from '../config/schema.js';
import type { RouteEventsStore } from '../store/route-events-store.js';
import type { RouteStateStore } from '../store/route-state-store.js';
import { isLoopbackHost } from '../../common/loopback-host.js';
import { createTokenCheck, listAdminTokens } from './admin-auth.js';
import { dashboardCsp, dashboardHtml } from './dashboard-page.js';
import { AdminError } from './errors.js';
import type { Ramps } from './ramps.js';
import { checkTrafficFilter, type TrafficFilter, type TrafficInspector } from './traffic-inspector.js';
import type { RouteControl } from './route-control.js';
import { buildRouteViews, type RouteViewSources } from './route-view.js';
import { mountServicesApi, type InstancesOf } from './services-api.js';
import type { ShadowReader } from './shadow-evidence.js';
import type { TrafficWindow } from './traffic-window.js';

export interface AdminApiOptions {
  config(): GatewayConfig;
  control: RouteControl;
  traffic: TrafficWindow;
  routeStates: RouteStateStore;
  events: RouteEventsStore;
  shadow: ShadowReader;
  ramps?: Ramps;
  inspector?: TrafficInspector;
  instances?: InstancesOf; // each service pool's live state
}

export interface AdminServerOptions {
  registry: Registry;
  isReady(): Promise<boolean>;
  logger?: Logger;
  api?: AdminApiOptions; // absent: only /healthz, /readyz and /metrics
  exposeMetrics?: () => Promise<string>; // what /metrics serves instead of registry.metrics() (a gateway group's sum)
}

/** Builds the admin express app; the caller listens on config.admin. */
export function createAdminServer(options: AdminServerOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use((_req, res, next) => {
    res.set({ 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY' });
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const ready = await options.isReady().catch(() => false);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', store: ready ? 'ok' : 'unreachable' });
  });
  app.get('/', (_req, res) => {
    res.set('content-security-policy', dashboardCsp).type('html').send(dashboardHtml);
  });

  app.use(createAuthMiddleware(options));

  app.get('/metrics', async (_req, res) => {
    res.type(options.registry.contentType).send(await (options.exposeMetrics ? options.exposeMetrics() : options.registry.metrics()));
  });
  if (options.api) {
    mountRouteApi(app, options.api);
    mountServicesApi(app, options.api.config, options.api.instances);
  }

  app.use((req: Request, res: Response) => sendProblem(res, { status: 404, detail: `no admin endpoint ${req.method} ${req.path}` }));
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof AdminError) {
      sendProblem(res, { ...err.details, status: err.status, detail: err.message, code: err.code });
      return;
    }
    const e = err as { type?: string; status?: number; message?: string };
    if (e.type === 'entity.parse.failed' || e.type === 'entity.too.large') {
      sendProblem(res, { status: e.status ?? 400, detail: `request body: ${e.message}`, code: 'FICUS_ADMIN_INVALID_CHANGE' });
      return;
    }
    options.logger?.error({ err }, 'admin request failed');
    sendProblem(res, { status: 503, detail: 'the admin API could not complete the request (is the store reachable?)', code: 'FICUS_ADMIN_UNAVAILABLE' });
  });
  return app;
}

/** `127.0.0.1:8081` → `127.0.0.1`, `[::1]:8081` → `::1`. */
function hostOf(header: string | undefined): string {
  const h = header ?? '';
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']'));
  return h.split(':')[0];
}

// Who is asking: the token's name, or "local" when no token exists (allowed on loopback binds only).
function createAuthMiddleware(options: AdminServerOptions) {
  let forAdmin: GatewayConfig['admin'] | undefined;
  let check: ((h: string | undefined) => string | null) | undefined;
  let open = false;
  return (req: Request, res: Response, next: NextFunction): void => {
    const admin = options.api?.config().admin;
    if (admin !== forAdmin || !check) {
      const tokens = admin ? listAdminTokens(admin) : [];
      check = createTokenCheck(tokens);
      open = admin !== undefined && tokens.length === 0;
      forAdmin = admin;
    }
    // Without a token, only requests addressed to a loopback name pass: a web page that rebinds its
    // own DNS name to 127.0.0.1 must not drive the admin API from an operator's browser.
    if (open && !isLoopbackHost(hostOf(req.headers.host))) {
      sendProblem(res, { status: 403, detail: 'the admin API has no token, so it only answers requests addressed to 127.0.0.1 or localhost', code: 'FICUS_ADMIN_FORBIDDEN' });
      return;
    }
    const who = open ? 'local' : check(req.headers.authorization);
    if (!who) {
      res.set('www-authenticate', 'Bearer realm="ficus admin"');
      sendProblem(res, { status: 401, detail: 'missing or wrong admin token: send Authorization: Bearer <token>', code: 'FICUS_ADMIN_UNAUTHORIZED' });
      return;
    }
    res.locals.who = who;
    next();
  };
}

function mountRouteApi(app: express.Express, api: AdminApiOptions): void {
  const json = express.json({ limit: '16kb', strict: false });
  const who = (res: Response): string => String(res.locals.who);
  const reasonOf = (body: unknown): string => {
    const r = (body as { reason?: unknown } | undefined)?.reason;
    return typeof r === 'string' ? r.trim().slice(0, 500) : '';
  };

  const sources: RouteViewSources = {
    stateOf: (id) => api.control.stateOf(id),
    traffic: (id, windowS) => api.traffic.read(id, windowS),
    evidence: (id) => api.shadow.readEvidence(id),
  };

  app.get('/api/routes', async (_req, res) => {
    const routes = await buildRouteViews(api.config(), await api.routeStates.readStates(), sources);
    res.json({ routes });
  });
  app.get('/api/routes/:id', async (req, res) => {
    const route = api.control.route(req.params.id);
    const [view] = await buildRouteViews({ ...api.config(), routes: [route] }, await api.routeStates.readStates(), sources);
    res.json(view);
  });
  app.patch('/api/routes/:id', json, async (req, res) => {
    res.json(await api.control.change(req.params.id, req.body ?? {}, who(res)));
  });
  app.post('/api/routes/:id/rollback', json, async (req, res) => {
    res.json(await api.control.rollback(req.params.id, who(res), reasonOf(req.body) || 'manual rollback'));
  });
  app.delete('/api/routes/:id/state', json, async (req, res) => {
    res.json(await api.control.reset(req.params.id, who(res), reasonOf(req.body)));
  });
  app.post('/api/routes/:id/evidence/reset', json, async (req, res) => {
    res.json(await api.control.resetEvidence(req.params.id, who(res), reasonOf(req.body)));
  });
  if (api.ramps) mountRampApi(app, api.ramps, json, who, reasonOf);
  if (api.inspector) mountTrafficApi(app, api.inspector);
  app.get('/api/routes/:id/diffs', async (req, res) => {
    api.control.route(req.params.id); // 404 for an unknown route
    res.json(await api.shadow.readDiffs(req.params.id));
  });
  app.get('/api/events', async (req, res) => {
    const limit = Number(req.query.limit ?? 100);
    const routeId = typeof req.query.route === 'string' && req.query.route ? req.query.route : undefined;
    const events = await api.events.listEvents({ routeId, limit: Number.isFinite(limit) ? limit : 100 });
    res.json({ events: events.map((e) => ({ ...e, time: new Date(e.at).toISOString() })) });
  });
}

function mountRampApi(
  app: express.Router,
  ramps: Ramps,
  json: express.RequestHandler,
  who: (res: Response) => string,
  reasonOf: (body: unknown) => string,
): void {
  const id = (req: Request): string => String(req.params.id);
  const numbers = (v: unknown): number[] | undefined => (Array.isArray(v) ? v.map(Number) : undefined);
  app.get('/api/ramps', async (_req, res) => {
    res.json({ ramps: await ramps.status() });
  });
  app.get('/api/routes/:id/ramp', async (req, res) => {
    const [ramp] = await ramps.status(id(req));
    res.json({ ramp: ramp ?? null });
  });
  app.post('/api/routes/:id/ramp', json, async (req, res) => {
    const body = (req.body ?? {}) as { steps?: unknown; holdS?: unknown };
    const holdS = body.holdS === undefined ? undefined : Number(body.holdS);
    res.json({ ramp: await ramps.start(id(req), { steps: numbers(body.steps), holdS }, who(res), reasonOf(req.body)) });
  });
  app.post('/api/routes/:id/ramp/pause', json, async (req, res) => {
    res.json({ ramp: await ramps.pause(id(req), who(res)) });
  });
  app.post('/api/routes/:id/ramp/resume', json, async (req, res) => {
    res.json({ ramp: await ramps.resume(id(req), who(res)) });
  });
  app.post('/api/routes/:id/ramp/abort', json, async (req, res) => {
    res.json({ ramp: await ramps.abort(id(req), who(res), reasonOf(req.body)) });
  });
}

function mountTrafficApi(app: express.Router, inspector: TrafficInspector): void {
  const filterOf = (req: Request): TrafficFilter => {
    const q = req.query as Record<string, unknown>;
    const text = (k: string): string | undefined => (typeof q[k] === 'string' && q[k] !== '' ? (q[k] as string) : undefined);
    const number = (k: string): number | undefined => (text(k) === undefined ? undefined : Number(text(k)));
    const filter: TrafficFilter = { route: text('route'), status: text('status'), backend: text('backend'), slowerThanMs: number('slowerThanMs'), limit: number('limit') };
    const problem = checkTrafficFilter(filter) ?? (filter.limit !== undefined && !(filter.limit > 0) ? 'limit is a positive number' : undefined);
    if (problem) throw new AdminError('FICUS_ADMIN_INVALID_FILTER', `traffic filter: ${problem}`, { problems: [problem] });
    return filter;
  };
  app.get('/api/traffic', (req, res) => {
    res.json({ exchanges: inspector.list(filterOf(req)) });
  });
  // Server-sent events: one `exchange` event per new exchange that passes the filter.
  app.get('/api/traffic/stream', (req, res) => {
    const filter = filterOf(req);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', 'x-accel-buffering': 'no' });
    res.write(': ficus traffic stream\n\n');
    const stop = inspector.watch(filter, (x) => res.write(`event: exchange\ndata: ${JSON.stringify(x)}\n\n`));
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    heartbeat.unref();
    req.on('close', () => {
      clearInterval(heartbeat);
      stop();
    });
  });
  // One exchange with its bodies (routes with inspect.bodies) and its shadow comparison, once made.
  app.get('/api/traffic/:requestId', (req, res) => {
    const exchange = inspector.get(String(req.params.requestId));
    if (!exchange) throw new AdminError('FICUS_ADMIN_UNKNOWN_EXCHANGE', `no exchange ${req.params.requestId} in the traffic inspector (never seen, or older than its last inspector.perRoute)`);
    res.json(exchange);
  });
}

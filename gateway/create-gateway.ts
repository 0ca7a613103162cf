// The gateway: node's http server on the data plane (undici to upstreams, http-proxy-3 for websocket
// tunnels, no express), the admin server on
// its own port, hot reload (file watch; SIGHUP via reloadFromFile), graceful close.
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { ProxyServer } from 'http-proxy-3';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { assertSafeAdminBind } from './admin/admin-auth.js';
import { createAdminPlane, type AdminPlane } from './admin/create-admin-plane.js';
import { createAdminServer } from './admin/create-admin-server.js';
import { loadConfig } from './config/load-config.js';
import type { GatewayConfig } from './config/schema.js';
import { watchConfig, type ConfigWatcher } from './config/watch-config.js';
import { ConfigInvalidError, GatewayError, type ConfigProblem } from './errors.js';
import type { GatewayHooks, RouteOverrides } from './hooks.js';
import { createDataPlaneServer, watchTlsFiles } from './proxy/data-plane-server.js';
import type { DataPlane } from './proxy/data-plane.js';
import { createRequestHandler } from './proxy/handle-request.js';
import { createUpgradeHandler, watchUpgrade } from './proxy/handle-upgrade.js';
import { createUpstreamPool } from './upstream/upstream-pool.js';
import { createOriginDispatchers } from './proxy/origin-dispatchers.js';
import { createServicePools, type PoolOptions, type ServicePools } from './upstream/service-pools.js';
import type { InstanceView } from './upstream/service-pool.js';
import { buildRouteTable, type RouteTable } from './routing/route-table.js';
import { createCaseRecorder, type CaseRecorder } from './replay/record-cases.js';
import { createShadowPlane, type ShadowPlane } from './shadow/create-shadow-plane.js';
import { openStore, type OpenStore } from './store/open-store.js';
import { createReplayCaseStore } from './store/replay-cases-store.js';
import { createMetrics } from './telemetry/create-metrics.js';
import { createGatewayLogger } from './telemetry/create-logger.js';
import type { SpanExport } from './telemetry/export-spans.js';

export interface GatewayOptions {
  hooks?: GatewayHooks[];
  logger?: Logger;
  rng?: () => number;
  now?: () => number;
  configPath?: string; // watched for hot reload
  env?: NodeJS.ProcessEnv; // for ${ENV} in reloaded files; default process.env
  store?: OpenStore; // injected store, closed by the caller; default: opened from config.store.url by listen()
  // With listen.workers (gateway/cluster/): the primary runs everything but the data-plane listener and
  // sees the workers' exchanges through its hooks; a worker runs only the data plane (no store, no admin).
  role?: 'single' | 'primary' | 'worker';
  onTableChange?: (config: GatewayConfig, overrides: RouteOverrides) => void; // after every swap (the primary pushes it to workers)
  onReloadRejected?: (file: string, problems: readonly ConfigProblem[]) => void; // an invalid file on reload: the CLI also says so on stderr
  exposeMetrics?: () => Promise<string>; // what the admin port's /metrics serves instead of `registry` (the group's sum)
  pools?: Pick<PoolOptions, 'follower' | 'onStatus'>; // a worker follows its primary's pools; the primary tells their changes
}

export interface Gateway {
  listen(): Promise<{ port: number; adminPort: number }>; // data plane on config.listen, admin server on config.admin
  close(): Promise<void>; // graceful: stop accepting, finish in-flight within shutdown.graceMs
  reload(config: GatewayConfig): void; // swap the whole route table (validated config)
  reloadFromFile(): boolean; // re-read configPath; false (last good config kept) when it is invalid
  setRouteOverrides(overrides: RouteOverrides): void; // rebuild the table = config + overrides, swapped atomically
  routeTable(): RouteTable;
  instances(service: string): InstanceView[]; // a service pool's instances and their state
  pools: ServicePools; // the service pools (the group relays verdicts and states through them)
  config(): GatewayConfig;
  registry: Registry; // metrics served on the admin port's /metrics
  addHooks(hooks: GatewayHooks): void;
  hooks(): readonly GatewayHooks[];
  onTapError(err: unknown): void; // counts and logs a tap that threw
  logger: Logger;
}

/** Creates a gateway for a validated config (see loadConfig); nothing listens until listen(). */
export function createGateway(initial: GatewayConfig, options: GatewayOptions = {}): Gateway {
  const role = options.role ?? 'single';
  const ownLogger = options.logger ? undefined : createGatewayLogger();
  const logger = options.logger ?? ownLogger!.logger;
  let state = { config: initial, overrides: {} as RouteOverrides, table: buildRouteTable(initial) };
  let hooks: readonly GatewayHooks[] = [...(options.hooks ?? [])];
  let draining = false;
  const metrics = createMetrics(undefined, { droppedLogLines: ownLogger?.droppedLines });
  const upstreams = createUpstreamPool();
  const dispatchers = createOriginDispatchers();
  const pools = createServicePools({ registry: metrics.registry, logger, now: options.now, ...options.pools });
  pools.sync(initial.services);
  const proxy = new ProxyServer({ xfwd: false });
  const tapErrors = metrics.tapErrors;
  proxy.on('proxyReqWs', (proxyReq, req) => watchUpgrade(proxyReq, req));
  proxy.on('error', (err) => logger.error({ err }, 'proxy error outside an exchange'));

  const plane: DataPlane = {
    table: () => state.table,
    config: () => state.config,
    hooks: () => hooks,
    proxy,
    upstreams,
    dispatchers,
    pools,
    rng: options.rng ?? Math.random,
    now: options.now ?? Date.now,
    logger,
    metrics,
    draining: () => draining,
    onTapError: (err) => {
      tapErrors.inc();
      logger.error({ err }, 'exchange tap threw');
    },
  };

  const server = createDataPlaneServer(initial.listen, createRequestHandler(plane), metrics);
  const tunnels = new Set<Duplex>();
  const handleUpgrade = createUpgradeHandler(plane);
  server.on('upgrade', (req, socket: Duplex, head: Buffer) => {
    tunnels.add(socket);
    socket.once('close', () => tunnels.delete(socket));
    handleUpgrade(req, socket, head);
  });
  // Until listen() has opened the store, the admin port serves health and metrics only.
  let adminApp: http.RequestListener = createAdminServer({ registry: metrics.registry, isReady: async () => !draining, logger });
  const admin = http.createServer((req, res) => adminApp(req, res));
  let store: OpenStore | undefined;
  let adminPlane: AdminPlane | undefined;
  let shadowPlane: ShadowPlane | undefined;
  let caseRecorder: CaseRecorder | undefined;
  let spans: SpanExport | undefined;

  let watcher: ConfigWatcher | undefined;
  let tlsWatcher: ConfigWatcher | undefined;
  let closing: Promise<void> | undefined;

  const gateway: Gateway = {
    registry: metrics.registry,
    logger,
    routeTable: () => state.table,
    instances: (service) => pools.view(service),
    pools,
    config: () => state.config,
    addHooks(more) {
      hooks = [...hooks, more];
    },
    hooks: () => hooks,
    onTapError: (err) => plane.onTapError(err),
    reload(config) {
      const table = buildRouteTable(config, state.overrides);
      warnOnRestartOnlyChanges(logger, state.config, config);
      state = { config, overrides: state.overrides, table };
      pools.sync(config.services);
      options.onTableChange?.(config, state.overrides);
      metrics.configReloads.inc({ result: 'ok' });
      logger.info({ routes: config.routes.length, version: table.version }, 'config reloaded');
    },
    reloadFromFile() {
      if (!options.configPath) return false;
      let config: GatewayConfig;
      try {
        config = loadConfig(options.configPath, options.env);
      } catch (err) {
        metrics.configReloads.inc({ result: 'invalid' });
        const problems = err instanceof ConfigInvalidError ? err.problems : [{ path: '', message: (err as Error).message }];
        logger.error({ file: options.configPath, problems }, 'config reload rejected; still serving the last good config');
        options.onReloadRejected?.(options.configPath, problems);
        return false;
      }
      gateway.reload(config);
      return true;
    },
    setRouteOverrides(overrides) {
      state = { config: state.config, overrides, table: buildRouteTable(state.config, overrides) };
      options.onTableChange?.(state.config, overrides);
    },
    async listen() {
      const { listen, admin: adminConfig } = state.config;
      const otlp = state.config.telemetry.otlp;
      if (otlp) {
        // Loaded only here: a gateway without telemetry.otlp never loads the OpenTelemetry SDK.
        const { startSpanExport } = await import('./telemetry/export-spans.js');
        spans = startSpanExport(otlp, logger);
        if (role !== 'primary') gateway.addHooks(spans.hooks); // with workers, each exports its own exchange spans
      }
      if (role === 'worker') {
        const port = await listenOn(server, listen.port, listen.host);
        tlsWatcher = watchTlsFiles(server, listen, logger, metrics);
        return { port, adminPort: 0 };
      }
      assertSafeAdminBind(adminConfig); // FICUS_ADMIN_INSECURE_BIND: never an open admin API off loopback
      // Runtime route state from the store before the first request: a restart comes back as it was.
      store = options.store ?? (await openStore(state.config.store.url));
      adminPlane = createAdminPlane({ gateway, store, storeUrl: state.config.store.url, logger, now: options.now, isServing: () => !draining, exposeMetrics: options.exposeMetrics });
      gateway.addHooks(adminPlane.hooks);
      gateway.addHooks(adminPlane.inspector.hooks);
      shadowPlane = createShadowPlane({ store, config: () => state.config, pools, logger, registry: metrics.registry, rng: plane.rng, now: options.now, tracer: spans?.tracer, onComparison: adminPlane.inspector.noteComparison });
      gateway.addHooks(shadowPlane.hooks);
      caseRecorder = createCaseRecorder({ store: createReplayCaseStore(store.knex), logger, now: options.now }); // replay cases of shadow routes
      gateway.addHooks(caseRecorder.hooks);
      await adminPlane.start();
      adminApp = adminPlane.app;
      const port = role === 'primary' ? 0 : await listenOn(server, listen.port, listen.host); // with workers, they listen
      const adminPort = await listenOn(admin, adminConfig.port, adminConfig.host).catch(async (err: unknown) => {
        await new Promise((resolve) => (server.listening ? server.close(resolve) : resolve(undefined)));
        throw err;
      });
      if (options.configPath) watcher = watchConfig(options.configPath, () => gateway.reloadFromFile());
      if (role === 'single') tlsWatcher = watchTlsFiles(server, listen, logger, metrics);
      logger.info({ port, adminPort, routes: state.config.routes.length }, 'gateway listening');
      return { port, adminPort };
    },
    close() {
      closing ??= drain();
      return closing;
    },
  };

  // Stop accepting, let in-flight exchanges finish, cut whatever is left at shutdown.graceMs.
  async function drain(): Promise<void> {
    draining = true;
    watcher?.close();
    tlsWatcher?.close();
    const stopped = new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    server.closeIdleConnections();
    const deadline = setTimeout(() => {
      logger.warn({ tunnels: tunnels.size }, 'shutdown grace period over; closing remaining connections');
      server.closeAllConnections();
      for (const socket of tunnels) socket.destroy();
    }, state.config.shutdown.graceMs);
    await stopped;
    clearInterval(sweep);
    clearTimeout(deadline);
    await new Promise<void>((resolve) => (admin.listening ? admin.close(() => resolve()) : resolve()));
    admin.closeAllConnections();
    await shadowPlane?.close(); // running shadow jobs finish and their counts are written before the store closes
    await caseRecorder?.close();
    await adminPlane?.close();
    await spans?.close().catch((err: unknown) => logger.warn({ err }, 'spans not exported at shutdown'));
    if (store && !options.store) await store.close();
    pools.close();
    upstreams.destroy();
    void dispatchers.destroy(); // its sockets are cut now; nothing waits for their close events
    logger.info('gateway closed');
  }

  return gateway;
}

function listenOn(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(new GatewayError('FICUS_GATEWAY_LISTEN', `cannot listen on ${host}:${port}: ${err.message}`, {}, { cause: err }));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as { port: number }).port);
    });
  });
}

function warnOnRestartOnlyChanges(logger: Logger, before: GatewayConfig, after: GatewayConfig): void {
  const changed = (['listen', 'admin', 'store', 'telemetry'] as const).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  if (changed.length > 0) logger.warn({ changed }, 'these settings apply at the next restart');
}

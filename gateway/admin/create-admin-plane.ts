// Wires the admin plane for one gateway: route control over the store, traffic counters and the
// auto-rollback hooks, fleet sync, and the admin express app. createGateway calls this once.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type express from 'express';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { GatewayHooks } from '../hooks.js';
import type { OpenStore } from '../store/open-store.js';
import { createRouteEventsStore } from '../store/route-events-store.js';
import { createRouteStateStore } from '../store/route-state-store.js';
import { createRouteRampsStore } from '../store/route-ramps-store.js';
import { createRouteTrafficStore } from '../store/route-traffic-store.js';
import { listAdminTokens } from './admin-auth.js';
import { createAutoRollbackHooks } from './auto-rollback.js';
import { createAdminServer } from './create-admin-server.js';
import { createFleetErrorGuard } from './fleet-error-guard.js';
import { createFleetSync } from './fleet-sync.js';
import { createRouteChangeCounter, registerRouteMetrics } from '../telemetry/route-metrics.js';
import { serviceShare } from './promote-guard.js';
import type { InstancesOf } from './services-api.js';
import { createRouteControl, type ControlledGateway, type RouteControl } from './route-control.js';
import { createRamps } from './ramps.js';
import { createShadowReader, type ShadowReader } from './shadow-evidence.js';
import { createWriteGuard } from './sync-guard.js';
import { createTrafficInspector, type TrafficInspector } from './traffic-inspector.js';
import { createTrafficWindow } from './traffic-window.js';

export interface AdminPlaneOptions {
  gateway: ControlledGateway & { registry: Registry; instances?: InstancesOf };
  store: OpenStore;
  storeUrl: string;
  logger: Logger;
  now?: () => number; // epoch ms; tests move it to cross rollback windows without sleeping
  shadow?: ShadowReader;
  replica?: string;
  pollMs?: number; // fleet polling fallback
  isServing?: () => boolean; // false while the gateway drains: /readyz says not ready
  exposeMetrics?: () => Promise<string>; // /metrics for a gateway group: every process's, summed
}

export interface AdminPlane {
  hooks: GatewayHooks; // add to the gateway: counts traffic, fires automatic rollbacks
  inspector: TrafficInspector; // add its hooks too: the live traffic view
  app: express.Express; // serve on config.admin
  control: RouteControl;
  /** Loads the runtime route state from the store (a restart comes back as it was) and starts fleet sync. */
  start(): Promise<void>;
  close(): Promise<void>;
}

/** Builds the admin plane; nothing runs until `start()`. */
export function createAdminPlane(options: AdminPlaneOptions): AdminPlane {
  const { gateway, store, logger } = options;
  const now = options.now ?? Date.now;
  const replica = options.replica ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const shadow = options.shadow ?? createShadowReader(store, () => gateway.config(), { now, replica });
  const routeStates = createRouteStateStore(store.knex);
  const events = createRouteEventsStore(store.knex);
  const traffic = createTrafficWindow(now);
  const changes = createRouteChangeCounter(gateway.registry);

  const fleet = createFleetSync({
    url: options.storeUrl,
    knex: store.knex,
    dialect: store.dialect,
    refresh: () => control.refresh(),
    logger,
    replica,
    pollMs: options.pollMs,
  });
  const writeGuard = createWriteGuard(gateway.config().data?.url);
  const control = createRouteControl({
    gateway,
    routeStates,
    events: {
      listEvents: (o) => events.listEvents(o),
      appendEvent: async (e) => {
        changes.inc({ route: e.routeId, action: e.action });
        return events.appendEvent(e);
      },
    },
    readEvidence: (id) => shadow.readEvidence(id),
    checkWrites: (route, to) => writeGuard.check(route, to),
    startEvidenceEpoch: async (id, who, why) => ({ ...(await shadow.resetEvidence(id, who, why)) }),
    logger,
    now,
    replica,
    onStateWritten: () => fleet.notify(),
    onRoutesChanged: (ids) => ids.forEach((id) => traffic.clearWindow(id)), // a new state starts a new error window
  });
  // SQLite is one replica: its own window is the whole picture.
  const fleetGuard =
    store.dialect === 'postgres'
      ? createFleetErrorGuard({
          config: () => gateway.config(),
          control,
          traffic,
          trafficStore: createRouteTrafficStore(store.knex),
          routeStates,
          replica,
          logger,
          now,
          intervalMs: options.pollMs,
        })
      : undefined;
  const ramps = createRamps({ control, store: createRouteRampsStore(store.knex), knex: store.knex, traffic, logger, now, replica, intervalMs: options.pollMs });
  registerRouteMetrics(gateway.registry, () =>
    gateway.config().routes.map((r) => {
      const state = control.stateOf(r.id);
      return { route: r.id, mode: state.mode, serviceSharePercent: serviceShare(state), runtimeOverride: state.source === 'runtime', serviceErrorRate: traffic.read(r.id, r.guard.rollback.windowS).errorRate };
    }),
  );
  let retry: NodeJS.Timeout | undefined;
  const hooks = createAutoRollbackHooks({ control, traffic, logger });
  const inspector = createTrafficInspector(() => gateway.config());
  const app = createAdminServer({
    registry: gateway.registry,
    exposeMetrics: options.exposeMetrics,
    logger,
    isReady: async () => {
      if (options.isServing && !options.isServing()) return false;
      await store.knex.raw('select 1');
      return true;
    },
    api: { config: () => gateway.config(), control, traffic, routeStates, events, shadow, ramps, inspector, instances: gateway.instances },
  });

  return {
    hooks,
    inspector,
    app,
    control,
    start: async () => {
      const { admin } = gateway.config();
      if (listAdminTokens(admin).length === 0) {
        logger.warn({ host: admin.host }, 'admin API has no token: anyone on this machine can change routes (set admin.token)');
      }
      await control.refresh();
      await fleet.start();
      fleetGuard?.start();
      ramps.startLoop();
      retry = setInterval(() => void control.retryUnstored(), 2000);
      retry.unref();
    },
    close: async () => {
      clearInterval(retry);
      await ramps.close();
      await fleetGuard?.close();
      await fleet.close();
      await writeGuard.close();
    },
  };
}

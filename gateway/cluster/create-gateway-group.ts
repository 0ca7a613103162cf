// listen.workers: N data-plane processes on one port (node's cluster), supervised by this primary,
// which owns the config (file watch, reloads), the admin API, the store, the shadow plane and the
// auto-rollback guard. Every route-table swap here (reload, cutover, rollback, ramp step) is pushed
// to every worker at once over IPC; every worker exchange is replayed into this process's hooks
// (relay-exchanges.ts), so counters, windows and shadow results are the group's. The service pools
// are the primary's alone: it probes, ejects on the workers' relayed verdicts and pushes every
// instance's change to every worker (upstream/service-pools.ts). A worker that dies
// is counted, logged and replaced on the same port; the others keep serving.
import cluster, { type Worker } from 'node:cluster';
import { fileURLToPath } from 'node:url';
import { AggregatorRegistry, Counter, Gauge } from 'prom-client';
import type { GatewayConfig } from '../config/schema.js';
import { createGateway, type Gateway, type GatewayOptions } from '../create-gateway.js';
import { GatewayError } from '../errors.js';
import type { RouteOverrides } from '../hooks.js';
import { createExchangeReplay } from './relay-exchanges.js';
import { isMessage, type ToPrimary, type ToWorker } from './messages.js';
import type { InstanceStatus } from '../upstream/service-pool.js';

const WORKER_SCRIPT = fileURLToPath(new URL('./worker-main.js', import.meta.url));
const QUICK_DEATH_MS = 1000; // a worker dying sooner than this after its start backs the next start off
const METRICS_TIMEOUT_MS = 2000;

export interface GatewayGroup extends Gateway {
  workerPids(): number[];
  /** The group's metrics: this process's registry and every worker's, summed (prom-client's AggregatorRegistry). */
  metrics(): Promise<string>;
}

/** Creates the group's primary for `workers` data-plane processes; nothing runs until listen(). */
export function createGatewayGroup(config: GatewayConfig, workers: number, options: GatewayOptions = {}): GatewayGroup {
  let sentConfig: GatewayConfig = config;
  const broadcast = (next: GatewayConfig, overrides: RouteOverrides): void => {
    const m: ToWorker = { type: 'ficus:table', config: next === sentConfig ? undefined : next, overrides, sentAt: Date.now() };
    sentConfig = next;
    for (const w of started) if (w.isConnected()) w.send(m);
  };
  // The primary's pools are the group's one view: every change reaches every worker in order with the tables.
  const onStatus = (status: InstanceStatus): void => {
    const m: ToWorker = { type: 'ficus:instances', statuses: [status] };
    for (const w of started) if (w.isConnected()) w.send(m);
  };
  const core = createGateway(config, { ...options, role: 'primary', onTableChange: broadcast, exposeMetrics: () => group.metrics(), pools: { onStatus } });
  const { logger } = core;
  const replay = createExchangeReplay({ table: () => core.routeTable(), hooks: () => core.hooks(), onTapError: (err) => core.onTapError(err) });
  const restarts = new Counter({ name: 'ficus_worker_restarts_total', help: 'Data-plane workers that died and were replaced', registers: [core.registry] });
  const running = new Map<number, Worker>(); // by pid, once listening
  // Every worker sent its start: a table change while it is still starting reaches it too (IPC keeps
  // the order, and the worker holds its gateway before it listens).
  const started = new Set<Worker>();
  new Gauge({
    name: 'ficus_workers',
    help: 'Data-plane worker processes serving now',
    registers: [core.registry],
    aggregator: 'first',
    collect() {
      this.set(running.size);
    },
  });
  let port: number | undefined;
  let stopping = false;
  let quickDeaths = 0;
  const pendingMetrics = new Map<number, (m: unknown[]) => void>();
  let metricsId = 0;

  cluster.setupPrimary({ exec: WORKER_SCRIPT, args: [], serialization: 'json' });

  /** Starts one worker; resolves with the port it listens on. */
  function fork(): Promise<number> {
    return new Promise((resolve, reject) => {
      const worker = cluster.fork();
      const startedAt = Date.now();
      let listening = false;
      worker.on('message', (m: unknown) => {
        if (!isMessage(m)) return;
        const msg = m as ToPrimary;
        switch (msg.type) {
          case 'ficus:ready': {
            const start: ToWorker = { type: 'ficus:start', config: core.config(), overrides: core.routeTable().overrides, port: port ?? core.config().listen.port, instances: core.pools.statuses() };
            sentConfig = core.config();
            worker.send(start);
            started.add(worker);
            return;
          }
          case 'ficus:listening':
            listening = true;
            running.set(worker.process.pid!, worker);
            resolve(msg.port);
            return;
          case 'ficus:relay':
            replay(msg.exchanges);
            for (const [service, url, failed] of msg.verdicts) core.pools.judge(service, url, failed);
            if (msg.inFlight) core.pools.countRemote(worker.id, msg.inFlight);
            return;
          case 'ficus:metrics':
            pendingMetrics.get(msg.id)?.(msg.metrics);
            return;
          case 'ficus:failed':
            reject(new GatewayError('FICUS_GATEWAY_LISTEN', `a gateway worker could not start: ${msg.message}`, {}));
        }
      });
      worker.on('error', (err) => logger.warn({ err, workerPid: worker.process.pid }, 'gateway worker IPC error'));
      worker.on('exit', (code, signal) => {
        running.delete(worker.process.pid!);
        started.delete(worker);
        core.pools.countRemote(worker.id, undefined); // what it had in flight died with it
        if (!listening) return reject(new GatewayError('FICUS_GATEWAY_LISTEN', `a gateway worker exited before listening (code ${code}, signal ${signal})`, {}));
        if (stopping) return;
        restarts.inc();
        quickDeaths = Date.now() - startedAt < QUICK_DEATH_MS ? quickDeaths + 1 : 0;
        logger.error({ workerPid: worker.process.pid, code, signal }, 'gateway worker died; starting another');
        replace();
      });
    });
  }

  /** Starts a worker in place of one that died; one that dies while starting backs off and tries again. */
  function replace(): void {
    const delayMs = quickDeaths === 0 ? 0 : Math.min(5000, 100 * 2 ** quickDeaths);
    setTimeout(() => {
      if (stopping) return;
      fork().catch((err: unknown) => {
        quickDeaths += 1;
        logger.error({ err, retryInMs: Math.min(5000, 100 * 2 ** quickDeaths) }, 'could not replace a gateway worker; trying again');
        replace();
      });
    }, delayMs).unref();
  }

  async function workerMetrics(): Promise<unknown[][]> {
    return Promise.all(
      [...running.values()].map(
        (w) =>
          new Promise<unknown[]>((resolve) => {
            const id = ++metricsId;
            const timer = setTimeout(() => (pendingMetrics.delete(id), resolve([])), METRICS_TIMEOUT_MS);
            pendingMetrics.set(id, (m) => (clearTimeout(timer), pendingMetrics.delete(id), resolve(m)));
            w.send({ type: 'ficus:metrics', id } satisfies ToWorker);
          }),
      ),
    );
  }

  let closing: Promise<void> | undefined;
  async function stopWorkers(): Promise<void> {
    stopping = true;
    const exits = [...started].map((w) => new Promise<void>((resolve) => (w.isDead() ? resolve() : w.once('exit', () => resolve()))));
    for (const w of started) if (w.isConnected()) w.send({ type: 'ficus:close' } satisfies ToWorker);
    const deadline = setTimeout(() => {
      for (const w of started) w.process.kill('SIGKILL');
    }, core.config().shutdown.graceMs + 2000);
    await Promise.all(exits);
    clearTimeout(deadline);
  }

  const group: GatewayGroup = {
    ...core,
    workerPids: () => [...running.keys()],
    async metrics() {
      const all = [await core.registry.getMetricsAsJSON(), ...(await workerMetrics())];
      return AggregatorRegistry.aggregate(all as never).metrics();
    },
    async listen() {
      const { adminPort } = await core.listen();
      try {
        port = await fork(); // the first worker takes listen.port (0: any); the others share the port it got
        await Promise.all(Array.from({ length: workers - 1 }, () => fork()));
      } catch (err) {
        await group.close();
        throw err;
      }
      logger.info({ port, adminPort, workers }, 'gateway group listening');
      return { port, adminPort };
    },
    close() {
      closing ??= stopWorkers().then(() => core.close());
      return closing;
    },
  };
  return group;
}

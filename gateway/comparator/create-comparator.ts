// `ficus compare`: a comparator behind someone else's mirror (nginx `mirror`, Istio/Envoy
// `mirror`, a Gateway API RequestMirror filter), after Twitter's Diffy. Each mirrored request is
// answered at once with an empty 204 (the mirror throws answers away, and nothing a client could
// see ever leaves here), then sent to the primary (the monolith) for the answer to compare with,
// and through the shadow plane's own job to the candidate (the service) and, for the noise
// sample, to a second primary. Same rules, engine, store, diffs, guard and dashboard as shadow
// mode; the route's bounded queue and the shared body budget cap memory, and every drop is counted.
// With telemetry.otlp it exports the gateway's spans: a SERVER span per mirrored request, a CLIENT
// span per call to the primary, the candidate and the noise primary, linked to it.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import type { AdminPlane } from '../admin/create-admin-plane.js';
import { createAdminPlane } from '../admin/create-admin-plane.js';
import type { GatewayConfig, RouteConfig } from '../config/schema.js';
import type { ExchangeInfo, RouteOverrides } from '../hooks.js';
import { stripHopByHop } from '../proxy/hop-by-hop.js';
import { readRequestId } from '../proxy/request-id.js';
import { createServicePools } from '../upstream/service-pools.js';
import { createUpstreamPool } from '../upstream/upstream-pool.js';
import { createCaseRecorder } from '../replay/record-cases.js';
import { normaliseTarget } from '../routing/normalise-path.js';
import { buildRouteTable, matchRoute, type RouteTable } from '../routing/route-table.js';
import { createBodyCapture, createCaptureBudget } from '../shadow/capture-body.js';
import type { ShadowJob } from '../shadow/capture-exchange.js';
import { compareCopy, SAFE_METHODS } from '../shadow/compare-copy.js';
import type { SpanExport } from '../telemetry/export-spans.js';
import { createMirrorMetrics } from '../telemetry/shadow-metrics.js';
import { readTraceContext } from '../telemetry/trace-context.js';
import { createRouteQueue, type RouteQueue } from '../shadow/route-queue.js';
import { sendJobCopy, type CopyPurpose } from '../shadow/send-job-copy.js';
import { createBreaker, type Breaker } from '../shadow/service-breaker.js';
import { createShadowWriter, type ShadowWriter } from '../shadow/shadow-writer.js';
import type { OpenStore } from '../store/open-store.js';
import { createReplayCaseStore } from '../store/replay-cases-store.js';
import type { ShadowCounter } from '../store/shadow-records.js';

export interface ComparatorOptions {
  config: GatewayConfig;
  store: OpenStore;
  logger: Logger;
  /** The primary answers come from here (default: config.monolith.url). */
  primary?: string;
  /** Noise: a second primary instance (default: the primary again). */
  secondary?: string;
  rng?: () => number;
  now?: () => number;
  /** Bytes all held bodies (mirrored requests, primary answers) may take together (default 64 MiB); past it: skipped_memory. */
  maxCaptureBytes?: number;
  flushMs?: number;
}

export interface Comparator {
  /** Mirror port and admin port (config.listen, config.admin). */
  listen(): Promise<{ port: number; adminPort: number }>;
  /** Resolves when no comparison runs or waits; then writes what is pending. */
  settle(): Promise<void>;
  close(): Promise<void>;
  registry: Registry;
}

const EMPTY = { 'content-length': '0' };

export function createComparator(options: ComparatorOptions): Comparator {
  const { config, store, logger } = options;
  const rng = options.rng ?? Math.random;
  const now = options.now ?? Date.now;
  const primary = options.primary ?? config.monolith.url;
  const secondary = options.secondary ?? primary;
  const registry = new Registry();
  let table: RouteTable = buildRouteTable(config);
  const writer: ShadowWriter = createShadowWriter({
    knex: store.knex,
    replicaId: `compare:${process.pid}:${randomUUID().slice(0, 6)}`,
    flushMs: options.flushMs,
    now: options.now,
    onError: (err) => logger.warn({ err }, 'comparison results not written; counts kept in memory for the next flush'),
  });
  const recorder = createCaseRecorder({ store: createReplayCaseStore(store.knex), logger, now: options.now });
  const queues = new Map<string, { queue: RouteQueue }>();
  const breakers = new Map<string, Breaker>();
  const upstreams = createUpstreamPool({ maxSockets: 256 });
  const pools = createServicePools({ registry, logger, now: options.now }); // copies go to the instances in each pool
  pools.sync(config.services);
  const budget = createCaptureBudget(options.maxCaptureBytes ?? 64 * 1024 * 1024);
  const metrics = createMirrorMetrics(registry, () => queues, () => budget.used);
  let spans: SpanExport | undefined; // telemetry.otlp: the gateway's span export, started by listen()
  let closing = false;

  const count = (routeId: string, name: ShadowCounter): void => {
    writer.count(routeId, name);
    metrics.result(routeId, name);
  };
  const queueFor = (route: RouteConfig): RouteQueue => {
    let entry = queues.get(route.id);
    if (!entry) queues.set(route.id, (entry = { queue: createRouteQueue(route.shadow) }));
    return entry.queue;
  };
  const breakerFor = (service: string): Breaker => {
    let b = breakers.get(service);
    if (!b) breakers.set(service, (b = createBreaker({ now })));
    return b;
  };

  // The admin plane reads and guards route state as for a gateway; its cutovers are what `ficus
  // export --watch` turns into manifests. Here a route is compared while it is in shadow mode.
  const admin: AdminPlane = createAdminPlane({
    gateway: { config: () => config, setRouteOverrides: (o: RouteOverrides) => (table = buildRouteTable(config, o)), registry },
    store,
    storeUrl: config.store.url,
    logger,
    now: options.now,
  });

  /** Why a mirrored request is not compared, or undefined when it will be. */
  function refusal(route: RouteConfig, method: string, contentLength: number): ShadowCounter | undefined {
    if (closing) return 'skipped_closing';
    const service = route.service ? config.services[route.service] : undefined;
    if (!service || !route.service) return 'skipped_no_service';
    // The primary already answered the real request: asking it again would repeat a write.
    if (!SAFE_METHODS.has(method)) return 'skipped_write';
    if (!(rng() * 100 < route.shadow.sample)) return 'skipped_sample';
    if (queueFor(route).full) return 'skipped_queue_full';
    if (!pools.available(route.service) || !breakerFor(route.service).allow()) return 'skipped_service_down';
    if (contentLength > route.shadow.bodyCapBytes) return 'skipped_too_large';
    return undefined;
  }

  function onMirrored(req: http.IncomingMessage, res: http.ServerResponse): void {
    const startedAt = now();
    const target = normaliseTarget(req.url ?? '/');
    const method = (req.method ?? 'GET').toUpperCase();
    const matched = target.ok ? matchRoute(table, method, target.path) : undefined;
    const route = matched?.route.mode === 'shadow' ? matched.route : undefined;
    const skip = route ? refusal(route, method, Number(req.headers['content-length'] ?? 0)) : undefined;
    const headers = stripHopByHop(req.headers);
    delete headers.host; // each upstream gets its own
    const info: ExchangeInfo = {
      requestId: readRequestId(req.headers),
      routeId: matched?.route.id ?? null,
      route: matched?.route ?? null,
      method,
      url: target.ok ? target.url : (req.url ?? '/'),
      headers: req.headers,
      upstreamHeaders: headers,
      backend: 'monolith',
      serviceName: route?.service ?? null,
      reason: skip ?? (route ? 'mirrored' : 'not_in_shadow'),
      startedAt,
      ...(spans ? { trace: readTraceContext(req.headers, true) } : {}),
    };
    // The SERVER span is the mirror's exchange: it ends with the 204; the calls that follow are linked to it.
    const span = spans?.hooks.tapExchange?.(info);
    const answer = (): void => {
      res.writeHead(204, EMPTY).end();
      span?.onComplete?.({ outcome: 'ok', status: 204, durationMs: now() - startedAt, backend: 'monolith', fellBack: false });
    };
    if (!route || !target.ok || skip) {
      if (route && skip) count(route.id, skip);
      req.resume();
      req.on('end', answer);
      return;
    }
    const body = createBodyCapture(route.shadow.bodyCapBytes, budget);
    req.on('data', (chunk: Buffer) => body.add(chunk));
    req.on('error', () => body.release());
    req.on('end', () => {
      answer();
      if (body.tooLarge || body.overBudget) {
        body.release();
        return count(route.id, body.tooLarge ? 'skipped_too_large' : 'skipped_memory');
      }
      const run = () => compareMirrored(info, route, body.body()).finally(() => body.release());
      if (!queueFor(route).offer(run)) {
        body.release();
        count(route.id, 'skipped_queue_full');
      }
    });
  }

  async function compareMirrored(info: ExchangeInfo, route: RouteConfig, requestBody: Buffer): Promise<void> {
    const job: ShadowJob = { info, route, requestBody, primary: { status: 0, headers: {}, body: Buffer.alloc(0) }, monolithMs: 0, release: () => undefined };
    try {
      const started = performance.now();
      const answer = await send(primary, job, 'primary');
      if (answer.outcome === 'too_large') return count(route.id, 'skipped_too_large');
      if (answer.outcome !== 'ok') return count(route.id, 'errors_monolith');
      // The primary's answer is held while the candidate is asked: it comes out of the same budget.
      const held = answer.response.body.length;
      if (!budget.take(held)) return count(route.id, 'skipped_memory');
      job.release = () => budget.give(held);
      job.primary = answer.response;
      job.monolithMs = performance.now() - started;
      recorder.record(route, { method: info.method, url: info.url, requestHeaders: info.headers, requestBody, response: answer.response });
      await compareCopy(job, {
        config,
        writer,
        rng,
        now,
        logger,
        breakerFor,
        pools,
        send: (baseUrl, j, purpose) => send(purpose === 'noise' ? secondary : baseUrl, j, purpose),
        count,
        isClosing: () => closing,
        onCompared: (routeId, same) => metrics.result(routeId, same ? 'matched' : 'differed'),
      });
    } catch (err) {
      count(route.id, 'errors_internal');
      logger.error({ err, route: route.id, requestId: info.requestId }, 'comparison failed');
    } finally {
      job.release();
    }
  }

  function send(baseUrl: string, job: ShadowJob, purpose: CopyPurpose) {
    return sendJobCopy({ upstreams, tracer: spans?.tracer }, baseUrl, job, purpose);
  }

  const server = http.createServer(onMirrored);
  const adminServer = http.createServer((req, res) => admin.app(req, res));
  const idle = () => Promise.all([...queues.values()].map((q) => q.queue.drained()));

  return {
    registry,
    async listen() {
      if (config.telemetry.otlp) {
        // Loaded only here, as in the gateway: without telemetry.otlp no SDK code is loaded.
        const { startSpanExport } = await import('../telemetry/export-spans.js');
        spans = startSpanExport(config.telemetry.otlp, logger);
      }
      await admin.start();
      const port = await listenOn(server, config.listen.port, config.listen.host);
      const adminPort = await listenOn(adminServer, config.admin.port, config.admin.host);
      logger.info({ port, adminPort, primary, secondary }, 'ficus compare listening for mirrored requests');
      return { port, adminPort };
    },
    async settle() {
      await idle();
      await Promise.all([writer.flush(), recorder.flush()]);
    },
    async close() {
      closing = true;
      await new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => (adminServer.listening ? adminServer.close(() => resolve()) : resolve()));
      adminServer.closeAllConnections();
      for (const [routeId, { queue }] of queues) {
        const dropped = queue.clear();
        if (dropped > 0) writer.count(routeId, 'skipped_closing', dropped);
      }
      upstreams.destroy();
      pools.close();
      await idle();
      await admin.close();
      await writer.close();
      await recorder.close();
      await spans?.close(); // exports what is pending
    },
  };
}

function listenOn(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as { port: number }).port);
    });
  });
}

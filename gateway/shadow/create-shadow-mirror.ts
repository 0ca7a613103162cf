// Shadow mode: a tap on every primary exchange of a `shadow` route keeps a bounded copy of the
// request and of the monolith's answer (capture-exchange.ts); when the client's response has
// ended, a job sends the copy to the service and compares (compare-copy.ts). This file decides
// which exchanges are mirrored and wires the bounded queues, breakers and metrics: nothing here
// can delay, alter or fail the client's response, and every drop is counted.
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { GatewayConfig, RouteConfig } from '../config/schema.js';
import type { CopyTracer, ExchangeInfo, ExchangeTap, GatewayHooks, ShadowComparison } from '../hooks.js';
import { createUpstreamPool } from '../upstream/upstream-pool.js';
import type { ServicePools } from '../upstream/service-pools.js';
import type { ShadowCounter } from '../store/shadow-records.js';
import { createCaptureBudget } from './capture-body.js';
import { captureExchange, type ShadowJob } from './capture-exchange.js';
import { compareCopy, SAFE_METHODS } from './compare-copy.js';
import { createMirrorMetrics } from '../telemetry/shadow-metrics.js';
import { createRouteQueue, type RouteQueue } from './route-queue.js';
import type { CopyAnswer } from './send-copy.js';
import { sendJobCopy } from './send-job-copy.js';
import { createBreaker, type Breaker } from './service-breaker.js';
import type { ShadowWriter } from './shadow-writer.js';

export interface ShadowMirrorOptions {
  /** The live config (reloads swap it whole). */
  config: () => GatewayConfig;
  writer: ShadowWriter;
  pools: ServicePools; // the data plane's service pools: copies go only to instances in them
  rng?: () => number;
  now?: () => number;
  logger?: Logger;
  registry?: Registry;
  /** Bytes all captured bodies may hold together (default 64 MiB); past it: `skipped_memory`. */
  maxCaptureBytes?: number;
  /** Spans for copies (telemetry.otlp); without it a copy carries the primary's traceparent as it was. */
  tracer?: CopyTracer;
  /** Each comparison, for the traffic inspector. */
  onComparison?: (comparison: ShadowComparison) => void;
}

export interface ShadowMirror {
  hooks: GatewayHooks;
  /** Resolves when no shadow job runs or waits (tests, graceful shutdown). */
  idle(): Promise<void>;
  /** Stops mirroring: waiting jobs are dropped and copies in flight cut short (both counted as skipped_closing). */
  close(): Promise<void>;
}

/** Creates the mirror; add `mirror.hooks` to the gateway. */
export function createShadowMirror(options: ShadowMirrorOptions): ShadowMirror {
  const { writer } = options;
  const rng = options.rng ?? Math.random;
  const now = options.now ?? Date.now;
  const queues = new Map<string, { queue: RouteQueue; limits: string }>();
  // Queues a reload replaced (new limits) keep their running and waiting jobs: idle() and close() see
  // them until they drain, so none of their jobs runs after shutdown flushed the writer.
  const retired = new Map<RouteQueue, string>(); // → route id
  const upstreams = createUpstreamPool({ maxSockets: 256 }); // copies never share sockets with primaries
  const breakers = new Map<string, Breaker>(); // per service
  const budget = createCaptureBudget(options.maxCaptureBytes ?? 64 * 1024 * 1024);
  let closing = false;
  const isClosing = (): boolean => closing;
  const metrics = options.registry ? createMirrorMetrics(options.registry, () => queues, () => budget.used) : undefined;

  function count(routeId: string, name: ShadowCounter): void {
    writer.count(routeId, name);
    metrics?.result(routeId, name);
  }

  /** The route's queue; rebuilt (old jobs finish) when a reload changes its limits. */
  function queueFor(route: RouteConfig): RouteQueue {
    const limits = `${route.shadow.maxConcurrent}/${route.shadow.maxQueue}`;
    let entry = queues.get(route.id);
    if (!entry || entry.limits !== limits) {
      if (entry) retire(entry.queue, route.id);
      entry = { queue: createRouteQueue(route.shadow), limits };
      queues.set(route.id, entry);
    }
    return entry.queue;
  }

  function retire(queue: RouteQueue, routeId: string): void {
    retired.set(queue, routeId);
    void queue.drained().then(() => retired.delete(queue));
  }

  /** Every queue with work: the current one of each route and those a reload replaced. */
  function allQueues(): { routeId: string; queue: RouteQueue }[] {
    return [...[...queues].map(([routeId, e]) => ({ routeId, queue: e.queue })), ...[...retired].map(([queue, routeId]) => ({ routeId, queue }))];
  }

  function breakerFor(service: string): Breaker {
    let breaker = breakers.get(service);
    if (!breaker) {
      breaker = createBreaker({
        now,
        onChange: (state, cooldownMs) =>
          state === 'open'
            ? options.logger?.warn({ service, cooldownMs }, 'shadow copies keep failing; leaving the service alone for a while')
            : options.logger?.info({ service }, 'shadow copies answered again'),
      });
      breakers.set(service, breaker);
    }
    return breaker;
  }

  function tapExchange(info: ExchangeInfo): ExchangeTap | undefined {
    const route = info.route;
    if (!route || route.mode !== 'shadow' || info.backend !== 'monolith') return undefined;
    const shadow = route.shadow;
    if (closing) return void count(route.id, 'skipped_closing');
    const service = route.service ? options.config().services[route.service] : undefined;
    if (!service || !route.service) return void count(route.id, 'skipped_no_service');
    if (!SAFE_METHODS.has(info.method) && !shadow.allowWrites) return void count(route.id, 'skipped_write');
    if (!(rng() * 100 < shadow.sample)) return void count(route.id, 'skipped_sample');
    if (queueFor(route).full) return void count(route.id, 'skipped_queue_full');
    if (!options.pools.available(route.service) || !breakerFor(route.service).allow()) return void count(route.id, 'skipped_service_down');
    if (Number(info.headers['content-length'] ?? 0) > shadow.bodyCapBytes) return void count(route.id, 'skipped_too_large');
    return captureExchange(info, route, { budget, isClosing, onJob: enqueue, onSkip: (reason) => count(route.id, reason) });
  }

  function enqueue(job: ShadowJob): void {
    const run = () =>
      compareCopy(job, {
        config: options.config(),
        writer,
        rng,
        now,
        logger: options.logger,
        breakerFor,
        pools: options.pools,
        send,
        count,
        isClosing,
        onCompared: (routeId, matched) => metrics?.result(routeId, matched ? 'matched' : 'differed'),
        onComparison: options.onComparison,
      })
        .catch((err: unknown) => {
          count(job.route.id, 'errors_internal');
          options.logger?.error({ err, route: job.route.id, requestId: job.info.requestId }, 'shadow comparison failed');
        })
        .finally(job.release);
    if (!queueFor(job.route).offer(run)) {
      job.release();
      count(job.route.id, 'skipped_queue_full');
    }
  }

  function send(baseUrl: string, job: ShadowJob, purpose: 'service' | 'noise'): Promise<CopyAnswer> {
    return sendJobCopy({ upstreams, tracer: options.tracer }, baseUrl, job, purpose);
  }

  const idle = async (): Promise<void> => {
    await Promise.all(allQueues().map((e) => e.queue.drained()));
  };

  return {
    hooks: { tapExchange },
    idle,
    async close() {
      closing = true;
      for (const { routeId, queue } of allQueues()) {
        const dropped = queue.clear();
        if (dropped > 0) writer.count(routeId, 'skipped_closing', dropped);
      }
      upstreams.destroy(); // copies in flight end now: a shutdown never waits for a slow service
      await idle();
    },
  };
}

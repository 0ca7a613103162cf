// Shadow mode: a tap on every primary exchange of a `shadow` route keeps a bounded copy of the
// request and of the monolith's answer; when the client's response has ended, a job sends the copy
// to the service (and, for a noise sample, to the monolith again), compares, and records. Nothing
// here can delay, alter or fail the client's response: taps only copy, jobs run afterwards on
// their own agents and deadlines, every queue is bounded and every drop is counted.
import type http from 'node:http';
import type { Logger } from 'pino';
import { Counter, Gauge, type Registry } from 'prom-client';
import { compileCompareRules } from '../compare/compare-rules.js';
import { diffResponses, type CapturedResponse } from '../compare/diff-responses.js';
import type { GatewayConfig, RouteConfig } from '../config/schema.js';
import type { ExchangeInfo, ExchangeResult, ExchangeTap, GatewayHooks } from '../hooks.js';
import { createUpstreamPool } from '../proxy/upstream-pool.js';
import type { ShadowCounter } from '../store/shadow-records.js';
import type { ShadowWriter } from '../store/shadow-writer.js';
import { createExampleBuilder } from './build-example.js';
import { createBodyCapture, createCaptureBudget } from './capture-body.js';
import { buildCopyHeaders } from './copy-headers.js';
import { createRouteQueue, type RouteQueue } from './route-queue.js';
import { sendCopy, type CopyAnswer } from './send-copy.js';
import { createBreaker, type Breaker } from './service-breaker.js';

export interface ShadowMirrorOptions {
  /** The live config (reloads swap it whole). */
  config: () => GatewayConfig;
  writer: ShadowWriter;
  rng?: () => number;
  now?: () => number;
  logger?: Logger;
  registry?: Registry;
  /** Bytes all captured bodies may hold together, in flight and queued (default 64 MiB); past it: `skipped_memory`. */
  maxCaptureBytes?: number;
}

export interface ShadowMirror {
  hooks: GatewayHooks;
  /** Resolves when no shadow job runs or waits (tests, graceful shutdown). */
  idle(): Promise<void>;
  /** Stops mirroring: waiting jobs are dropped and copies in flight cut short (both counted as skipped_closing). */
  close(): Promise<void>;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

interface Job {
  info: ExchangeInfo;
  route: RouteConfig;
  requestBody: Buffer;
  primary: CapturedResponse;
  /** Gives the captured bodies' bytes back to the budget. */
  release: () => void;
}

/** Creates the mirror; add `mirror.hooks` to the gateway. */
export function createShadowMirror(options: ShadowMirrorOptions): ShadowMirror {
  const { writer } = options;
  const rng = options.rng ?? Math.random;
  const now = options.now ?? Date.now;
  const queues = new Map<string, { queue: RouteQueue; limits: string }>();
  const upstreams = createUpstreamPool({ maxSockets: 256 }); // copies never share sockets with primaries
  const breakers = new Map<string, Breaker>(); // per service URL
  const budget = createCaptureBudget(options.maxCaptureBytes ?? 64 * 1024 * 1024);
  let closing = false;
  const metrics = options.registry ? createMirrorMetrics(options.registry, () => queues) : undefined;

  function count(routeId: string, name: ShadowCounter): void {
    writer.count(routeId, name);
    metrics?.result(routeId, name);
  }

  /** The route's queue; rebuilt (old jobs finish) when a reload changes its limits. */
  function queueFor(route: RouteConfig): RouteQueue {
    const limits = `${route.shadow.maxConcurrent}/${route.shadow.maxQueue}`;
    let entry = queues.get(route.id);
    if (!entry || entry.limits !== limits) {
      entry = { queue: createRouteQueue(route.shadow), limits };
      queues.set(route.id, entry);
    }
    return entry.queue;
  }

  function breakerFor(serviceUrl: string): Breaker {
    let breaker = breakers.get(serviceUrl);
    if (!breaker) {
      breaker = createBreaker({
        now,
        onChange: (state, cooldownMs) =>
          state === 'open'
            ? options.logger?.warn({ service: serviceUrl, cooldownMs }, 'shadow copies keep failing; leaving the service alone for a while')
            : options.logger?.info({ service: serviceUrl }, 'shadow copies answered again'),
      });
      breakers.set(serviceUrl, breaker);
    }
    return breaker;
  }

  function tapExchange(info: ExchangeInfo): ExchangeTap | undefined {
    const route = info.route;
    if (!route || route.mode !== 'shadow' || info.backend !== 'monolith') return undefined;
    const shadow = route.shadow;
    if (closing) return void count(route.id, 'skipped_closing');
    const service = route.service ? options.config().services[route.service] : undefined;
    if (!service) return void count(route.id, 'skipped_no_service');
    if (!SAFE_METHODS.has(info.method) && !shadow.allowWrites) return void count(route.id, 'skipped_write');
    if (!(rng() * 100 < shadow.sample)) return void count(route.id, 'skipped_sample');
    if (queueFor(route).full) return void count(route.id, 'skipped_queue_full');
    if (!breakerFor(service.url).allow()) return void count(route.id, 'skipped_service_down');
    if (Number(info.headers['content-length'] ?? 0) > shadow.bodyCapBytes) return void count(route.id, 'skipped_too_large');

    const request = createBodyCapture(shadow.bodyCapBytes, budget);
    const response = createBodyCapture(shadow.bodyCapBytes, budget);
    const release = (): void => {
      request.release();
      response.release();
    };
    let status = 0;
    let headers: http.IncomingHttpHeaders = {};
    return {
      onRequestChunk: (chunk) => request.add(chunk),
      onResponse: (s, h) => {
        status = s;
        headers = h;
      },
      onResponseChunk: (chunk) => response.add(chunk),
      onComplete: (result) => {
        const skip = skipReason(result, request.tooLarge || response.tooLarge, request.overBudget || response.overBudget);
        if (skip) {
          release();
          return count(route.id, skip);
        }
        enqueue({ info, route, requestBody: request.body(), primary: { status, headers, body: response.body() }, release });
      },
    };
  }

  function skipReason(result: ExchangeResult, tooLarge: boolean, overBudget: boolean): ShadowCounter | undefined {
    if (result.outcome === 'client_abort') return 'skipped_client_abort';
    if (result.outcome !== 'ok') return 'errors_monolith';
    if (tooLarge) return 'skipped_too_large';
    if (overBudget) return 'skipped_memory';
    if (closing) return 'skipped_closing';
    return undefined;
  }

  function enqueue(job: Job): void {
    const run = () =>
      runJob(job)
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

  async function runJob(job: Job): Promise<void> {
    const { info, route } = job;
    const config = options.config();
    const service = route.service ? config.services[route.service] : undefined;
    if (!service) return count(route.id, 'skipped_no_service');
    const wantNoise = route.shadow.noise === 'auto' && SAFE_METHODS.has(info.method) && rng() * 100 < route.shadow.noiseSample;
    const [serviceAnswer, noiseAnswer] = await Promise.all([
      sendTo(service.url, job, 'service'),
      wantNoise ? sendTo(config.monolith.url, job, 'noise') : undefined,
    ]);
    if (closing) return count(route.id, 'skipped_closing'); // cut short by close(), not the service's fault
    const rules = compileCompareRules(route.shadow);
    if (noiseAnswer?.outcome === 'ok') writer.recordNoise(route.id, diffResponses(job.primary, noiseAnswer.response, rules));
    else if (noiseAnswer) count(route.id, 'errors_monolith'); // the second monolith call; the comparison goes on without it

    const breaker = breakerFor(service.url);
    if (serviceAnswer.outcome === 'ok' || serviceAnswer.outcome === 'too_large') breaker.succeeded();
    else breaker.failed();
    if (serviceAnswer.outcome === 'too_large') return count(route.id, 'skipped_too_large');
    if (serviceAnswer.outcome !== 'ok') {
      count(route.id, 'errors_service');
      if (serviceAnswer.outcome === 'timeout') count(route.id, 'errors_service_timeout');
      options.logger?.debug({ route: route.id, requestId: info.requestId, outcome: serviceAnswer.outcome, detail: serviceAnswer.detail }, 'shadow call failed');
      return;
    }
    const differences = diffResponses(job.primary, serviceAnswer.response, rules);
    const example = createExampleBuilder(
      { method: info.method, url: info.url, requestHeaders: info.headers, requestBody: job.requestBody, monolith: job.primary, service: serviceAnswer.response },
      rules,
      now(),
    );
    writer.recordComparison(route.id, differences, example);
    metrics?.result(route.id, differences.length === 0 ? 'matched' : 'differed');
  }

  function sendTo(baseUrl: string, job: Job, purpose: 'service' | 'noise'): Promise<CopyAnswer> {
    const { target, agent } = upstreams.upstreamFor(baseUrl);
    return sendCopy({
      target,
      agent,
      method: job.info.method,
      url: job.info.url,
      headers: buildCopyHeaders(job.info.upstreamHeaders, job.requestBody.length, job.info.requestId, purpose),
      body: job.requestBody,
      timeoutMs: job.route.shadow.timeoutMs,
      capBytes: job.route.shadow.bodyCapBytes,
    });
  }

  const idle = async (): Promise<void> => {
    await Promise.all([...queues.values()].map((e) => e.queue.drained()));
  };

  return {
    hooks: { tapExchange },
    idle,
    async close() {
      closing = true;
      for (const [routeId, { queue }] of queues) {
        const dropped = queue.clear();
        if (dropped > 0) writer.count(routeId, 'skipped_closing', dropped);
      }
      upstreams.destroy(); // copies in flight end now: a shutdown never waits for a slow service
      await idle();
    },
  };
}

function createMirrorMetrics(registry: Registry, queues: () => Map<string, { queue: RouteQueue }>) {
  // Plain counts, handed to prom-client when /metrics is scraped: most requests of a busy shadow
  // route end in a skip counter, and a labelled prom-client inc costs about a µs each.
  const totals = new Map<string, { route: string; result: string; n: number }>();
  new Counter({
    name: 'ficus_shadow_total',
    help: 'Shadow outcomes by route: matched, differed (noise included), errors_* and every skipped_* reason',
    labelNames: ['route', 'result'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const { route, result, n } of totals.values()) this.inc({ route, result }, n);
    },
  });
  new Gauge({
    name: 'ficus_shadow_jobs',
    help: 'Shadow jobs running or waiting, by route and state',
    labelNames: ['route', 'state'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [route, { queue }] of queues()) {
        this.set({ route, state: 'active' }, queue.active);
        this.set({ route, state: 'queued' }, queue.queued);
      }
    },
  });
  return {
    result(route: string, result: string): void {
      const key = `${route}\0${result}`;
      const total = totals.get(key);
      if (total) total.n++;
      else totals.set(key, { route, result, n: 1 });
    },
  };
}

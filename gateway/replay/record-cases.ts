// Records replay cases while a route is in shadow: each distinct request a shadow route copies, with
// the monolith's answer, up to `maxPerRoute` per route, written to the store in batches. Like the
// shadow tap it only copies (bounded bodies from a shared budget); a failed write loses cases,
// never an answer, and is logged.
import type { Logger } from 'pino';
import type { CapturedResponse } from '../compare/diff-responses.js';
import { compileCompareRules } from '../compare/compare-rules.js';
import type { RouteConfig } from '../config/schema.js';
import type { ExchangeInfo, ExchangeTap, GatewayHooks } from '../hooks.js';
import { createBodyCapture, createCaptureBudget } from '../shadow/capture-body.js';
import type { ReplayCaseStore, StoredCase } from '../store/replay-cases-store.js';
import { buildCase, type CaseSource } from './build-case.js';

export interface CaseRecorderOptions {
  store: ReplayCaseStore;
  maxPerRoute?: number; // default 200
  capBytes?: number; // per body; bigger exchanges are not recorded (default 256 KiB)
  budgetBytes?: number; // all bodies held at once (default 16 MiB)
  flushMs?: number;
  now?: () => number;
  logger?: Logger;
}

export interface CaseRecorder {
  hooks: GatewayHooks;
  /** Records one exchange of `route` (the comparator calls this for mirrored requests). */
  record(route: RouteConfig, source: CaseSource): void;
  /** True while `route` may still take new cases (cheap; checked before capturing anything). */
  wants(route: RouteConfig, method: string): boolean;
  flush(): Promise<void>;
  close(): Promise<void>;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const MAX_PENDING = 1000;

export function createCaseRecorder(options: CaseRecorderOptions): CaseRecorder {
  const maxPerRoute = options.maxPerRoute ?? 200;
  const capBytes = options.capBytes ?? 256 * 1024;
  const now = options.now ?? Date.now;
  const budget = createCaptureBudget(options.budgetBytes ?? 16 * 1024 * 1024);
  const keys = new Map<string, Set<string>>(); // per route: cases taken by this process (bounded by maxPerRoute)
  let pending: StoredCase[] = [];
  let flushing: Promise<void> | undefined;
  const timer = setInterval(() => void flush(), options.flushMs ?? 1000);
  timer.unref();

  const wants = (route: RouteConfig, method: string): boolean =>
    (SAFE_METHODS.has(method) || route.shadow.allowWrites) && (keys.get(route.id)?.size ?? 0) < maxPerRoute && pending.length < MAX_PENDING;

  function record(route: RouteConfig, source: CaseSource): void {
    if (!wants(route, source.method)) return;
    const { key, data } = buildCase(source, compileCompareRules(route.shadow).redact, now());
    let taken = keys.get(route.id);
    if (!taken) keys.set(route.id, (taken = new Set()));
    if (taken.has(key)) return;
    taken.add(key);
    pending.push({ routeId: route.id, key, recordedAt: data.recordedAt, data });
  }

  function tapExchange(info: ExchangeInfo): ExchangeTap | undefined {
    const route = info.route;
    if (!route || route.mode !== 'shadow' || info.backend !== 'monolith' || !wants(route, info.method)) return undefined;
    if (Number(info.headers['content-length'] ?? 0) > capBytes) return undefined;
    const request = createBodyCapture(capBytes, budget);
    const response = createBodyCapture(capBytes, budget);
    let head: Omit<CapturedResponse, 'body'> = { status: 0, headers: {} };
    return {
      onRequestChunk: (chunk) => request.add(chunk),
      onResponse: (status, headers) => (head = { status, headers }),
      onResponseChunk: (chunk) => response.add(chunk),
      onComplete: (result) => {
        const complete = result.outcome === 'ok' && !request.tooLarge && !response.tooLarge && !request.overBudget && !response.overBudget;
        try {
          if (complete) record(route, { method: info.method, url: info.url, requestHeaders: info.headers, requestBody: request.body(), response: { ...head, body: response.body() } });
        } catch (err) {
          options.logger?.warn({ err, route: route.id }, 'replay case not recorded');
        } finally {
          request.release();
          response.release();
        }
      },
    };
  }

  function flush(): Promise<void> {
    if (flushing || pending.length === 0) return flushing ?? Promise.resolve();
    const batch = pending;
    pending = [];
    flushing = options.store
      .addCases(batch, maxPerRoute)
      .then(() => undefined)
      .catch((err: unknown) => {
        for (const c of batch) keys.get(c.routeId)?.delete(c.key); // later exchanges may supply them
        options.logger?.warn({ err, cases: batch.length }, 'replay cases not written to the store');
      })
      .finally(() => (flushing = undefined));
    return flushing;
  }

  return {
    hooks: { tapExchange },
    record,
    wants,
    flush,
    async close() {
      clearInterval(timer);
      await flushing;
      await flush();
    },
  };
}

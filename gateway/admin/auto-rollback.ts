// Watches every proxied exchange and rolls a route back when its service fails too often:
// more than guard.rollback.maxErrorRate of at least minRequests service requests over windowS,
// judged here on this replica's traffic at once (fleet-error-guard.ts judges the fleet's sum).
import type { Logger } from 'pino';
import type { GuardConfig } from '../config/schema.js';
import type { Backend, ExchangeResult, GatewayHooks } from '../hooks.js';
import type { LatencySummary } from '../telemetry/latency-histogram.js';
import type { RouteControl } from './route-control.js';
import type { TrafficWindow } from './traffic-window.js';

/** A service exchange failed: 5xx, an upstream failure, or a fallback to the monolith after one. */
export function isServiceFailure(result: ExchangeResult): boolean {
  if (result.fellBack) return true;
  // The client left or was too slow, or the gateway refused the request itself: none says anything about the service.
  if (result.outcome === 'client_abort' || result.outcome === 'client_timeout' || result.outcome === 'rejected') return false;
  return result.outcome !== 'ok' || result.status >= 500;
}

export interface ErrorBudgetBreach {
  why: string;
  evidence: Record<string, unknown>;
}

/** The rollback verdict on a window of service requests: null while within guard.rollback. */
export function judgeErrorRate(
  window: { requests: number; failures: number },
  rollback: GuardConfig['rollback'],
  scope: 'replica' | 'fleet',
): ErrorBudgetBreach | null {
  const { maxErrorRate, windowS, minRequests } = rollback;
  if (window.requests < minRequests || window.requests === 0) return null;
  const errorRate = window.failures / window.requests;
  if (errorRate <= maxErrorRate) return null;
  const where = scope === 'fleet' ? ' across the fleet' : '';
  return {
    why: `service error rate ${errorRate.toFixed(3)} (${window.failures} of ${window.requests} requests failed in ${windowS}s${where}) exceeded maxErrorRate ${maxErrorRate}`,
    evidence: { scope, errorRate, failures: window.failures, requests: window.requests, windowS, maxErrorRate, minRequests },
  };
}

/** The latency verdict: service p95 over windowS past maxP95Ms, or past maxP95Ratio × the monolith's p95 on the route. */
export function judgeLatency(latency: Record<Backend, LatencySummary>, rollback: GuardConfig['rollback']): ErrorBudgetBreach | null {
  const { maxP95Ms, maxP95Ratio, windowS, minRequests } = rollback;
  const { service, monolith } = latency;
  if (service.count < minRequests || service.p95 === null) return null;
  const evidence = { scope: 'replica', serviceP95Ms: service.p95, monolithP95Ms: monolith.p95, requests: service.count, windowS, maxP95Ms, maxP95Ratio, minRequests };
  if (maxP95Ms !== undefined && service.p95 > maxP95Ms) {
    return { why: `service p95 latency ${service.p95} ms over ${service.count} requests in ${windowS}s exceeded maxP95Ms ${maxP95Ms}`, evidence };
  }
  if (maxP95Ratio !== undefined && monolith.p95 !== null && monolith.count >= minRequests && service.p95 > maxP95Ratio * monolith.p95) {
    const ratio = Math.round((service.p95 / monolith.p95) * 100) / 100;
    return {
      why: `service p95 latency ${service.p95} ms is ${ratio}× the monolith's ${monolith.p95} ms on this route (${windowS}s), above maxP95Ratio ${maxP95Ratio}`,
      evidence: { ...evidence, ratio },
    };
  }
  return null;
}

export interface AutoRollbackOptions {
  control: RouteControl;
  traffic: TrafficWindow;
  logger: Logger;
}

/** Gateway hooks counting traffic per route and backend, and firing rollbacks; cheap on the data plane. */
export function createAutoRollbackHooks({ control, traffic, logger }: AutoRollbackOptions): GatewayHooks {
  const rollingBack = new Set<string>();
  // Percentiles merge a window of histograms: judged at most once a second per route, not per request.
  const latencyCheckedAt = new Map<string, number>();

  const latencyBreach = (routeId: string, rollback: GuardConfig['rollback']): ErrorBudgetBreach | null => {
    if (rollback.maxP95Ms === undefined && rollback.maxP95Ratio === undefined) return null;
    const second = Math.floor(Date.now() / 1000);
    if (latencyCheckedAt.get(routeId) === second) return null;
    latencyCheckedAt.set(routeId, second);
    return judgeLatency(traffic.readLatency(routeId, rollback.windowS), rollback);
  };

  const check = (routeId: string): void => {
    if (rollingBack.has(routeId)) return;
    const route = control.route(routeId);
    const { mode } = control.stateOf(routeId);
    if (mode !== 'canary' && mode !== 'service') return;
    const rollback = route.guard.rollback;
    const breach = judgeErrorRate(traffic.read(routeId, rollback.windowS).window, rollback, 'replica') ?? latencyBreach(routeId, rollback);
    if (!breach) return;
    const { why, evidence } = breach;
    rollingBack.add(routeId);
    control
      .rollback(routeId, 'ficus (auto-rollback)', why, { evidence })
      .catch((err: unknown) => logger.error({ err, routeId }, `automatic rollback of ${routeId} failed; will retry on the next failure`))
      .finally(() => rollingBack.delete(routeId));
  };

  return {
    tapExchange(info) {
      const routeId = info.routeId;
      if (!routeId || !info.route) return undefined;
      const rollback = info.route.guard.rollback;
      const windowS = rollback.windowS;
      const timed = rollback.maxP95Ms !== undefined || rollback.maxP95Ratio !== undefined;
      return {
        onComplete(result) {
          try {
            const failed = info.backend === 'service' && isServiceFailure(result);
            traffic.record(routeId, info.backend, failed, windowS, timed && result.outcome === 'ok' ? result.durationMs : undefined);
            if (info.backend === 'service') check(routeId);
          } catch (err) {
            // The data plane must never see a throw from a tap; a route removed by a reload lands here.
            logger.warn({ err, routeId }, 'traffic accounting failed');
          }
        },
      };
    },
  };
}

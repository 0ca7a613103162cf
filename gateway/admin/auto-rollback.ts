// Watches every proxied exchange and rolls a route back when its service fails too often:
// more than guard.rollback.maxErrorRate of at least minRequests service requests over windowS,
// judged here on this replica's traffic at once (fleet-error-guard.ts judges the fleet's sum).
import type { Logger } from 'pino';
import type { GuardConfig } from '../config/schema.js';
import type { ExchangeResult, GatewayHooks } from '../hooks.js';
import type { RouteControl } from './route-control.js';
import type { TrafficWindow } from './traffic-window.js';

/** A service exchange failed: 5xx, an upstream failure, or a fallback to the monolith after one. */
export function isServiceFailure(result: ExchangeResult): boolean {
  if (result.fellBack) return true;
  // The client left, or the gateway refused the request itself: neither says anything about the service.
  if (result.outcome === 'client_abort' || result.outcome === 'rejected') return false;
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

export interface AutoRollbackOptions {
  control: RouteControl;
  traffic: TrafficWindow;
  logger: Logger;
}

/** Gateway hooks counting traffic per route and backend, and firing rollbacks; cheap on the data plane. */
export function createAutoRollbackHooks({ control, traffic, logger }: AutoRollbackOptions): GatewayHooks {
  const rollingBack = new Set<string>();

  const check = (routeId: string): void => {
    if (rollingBack.has(routeId)) return;
    const route = control.route(routeId);
    const { mode } = control.stateOf(routeId);
    if (mode !== 'canary' && mode !== 'service') return;
    const breach = judgeErrorRate(traffic.read(routeId, route.guard.rollback.windowS).window, route.guard.rollback, 'replica');
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
      const windowS = info.route.guard.rollback.windowS;
      return {
        onComplete(result) {
          try {
            const failed = info.backend === 'service' && isServiceFailure(result);
            traffic.record(routeId, info.backend, failed, windowS);
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

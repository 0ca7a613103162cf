// Active health checks of a pool: GET <instance><path> every intervalMs, answered 2xx within timeoutMs
// or failed; unhealthyAfter failures in a row take the instance out, healthyAfter passes bring it
// back. A probe that hangs is cut at timeoutMs and counted as upstream_timeout, never waited on.
import type { HealthConfig } from '../config/schema.js';
import { classifyUpstreamError } from '../../common/outcome.js';
import type { Instance, ServicePool } from './service-pool.js';

/** `ok`, `status_<code>` (answered, not 2xx) or an upstream outcome (upstream_timeout, upstream_refused…). */
export type ProbeResult = string;

/** One probe of one instance. */
export async function probe(instance: Instance, health: HealthConfig): Promise<ProbeResult> {
  const url = `${instance.url.replace(/\/$/, '')}${health.path}`;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(health.timeoutMs), redirect: 'manual' });
    await res.arrayBuffer(); // the body within the same timeout: a check that trickles forever fails too
    return res.status >= 200 && res.status < 300 ? 'ok' : `status_${res.status}`;
  } catch (err) {
    return classifyUpstreamError(err).outcome;
  }
}

export interface HealthChecker {
  close(): void;
}

/** Probes every instance of `pool` now and every intervalMs; `onProbe` counts each result. */
export function checkHealth(pool: ServicePool, health: HealthConfig, onProbe: (instance: Instance, result: ProbeResult) => void): HealthChecker {
  let closed = false;
  const timers: NodeJS.Timeout[] = [];
  for (const instance of pool.instances) {
    let passes = 0;
    let fails = 0;
    let running = false;
    const run = async (): Promise<void> => {
      if (running || closed) return; // a probe slower than the interval never stacks
      running = true;
      const result = await probe(instance, health);
      running = false;
      if (closed) return;
      onProbe(instance, result);
      if (result === 'ok') {
        fails = 0;
        if (++passes >= health.healthyAfter) pool.setHealthy(instance, true);
      } else {
        passes = 0;
        if (++fails >= health.unhealthyAfter) pool.setHealthy(instance, false);
      }
    };
    void run();
    const timer = setInterval(() => void run(), health.intervalMs);
    timer.unref();
    timers.push(timer);
  }
  return {
    close() {
      closed = true;
      for (const t of timers) clearInterval(t);
    },
  };
}

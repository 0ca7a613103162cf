// The shadow mirror's Prometheus series (the gateway's and ficus compare's): outcomes per route and
// result, jobs running or waiting, and the bytes held for comparison (what bounds its memory). Defined here with the gateway's other metrics.
import { Counter, Gauge, type Registry } from 'prom-client';

/** What the jobs gauge reads of a route's queue at scrape time. */
export interface QueueCounts {
  readonly active: number;
  readonly queued: number;
}

export interface MirrorMetrics {
  result(route: string, result: string): void;
}

/** Registers ficus_shadow_total, ficus_shadow_jobs and ficus_shadow_held_bytes; `queues` and `heldBytes` are read at scrape time. */
export function createMirrorMetrics(registry: Registry, queues: () => ReadonlyMap<string, { queue: QueueCounts }>, heldBytes: () => number): MirrorMetrics {
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
  new Gauge({
    name: 'ficus_shadow_held_bytes',
    help: 'Bytes of bodies held for comparison now (from the budget shared by every route; past it: skipped_memory)',
    registers: [registry],
    collect() {
      this.set(heldBytes());
    },
  });
  return {
    result(route, result) {
      const key = `${route}\0${result}`;
      const total = totals.get(key);
      if (total) total.n++;
      else totals.set(key, { route, result, n: 1 });
    },
  };
}

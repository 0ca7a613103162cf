// ficus_events_published_total{event,outcome} and ficus_events_handled_total{event,outcome}: counted in plain
// counters and read at scrape time, so a bus built before its service (in a dependency factory) still shows
// on the service's /metrics once createService hands it the registry.
import { Counter, type Registry } from 'prom-client';
import type { HandleOutcome, PublishOutcome } from './event-types.js';

export interface EventCounters {
  published: Map<string, number>; // `${type}\0${outcome}`
  handled: Map<string, number>;
  countPublished: (type: string, outcome: PublishOutcome) => void;
  countHandled: (type: string, outcome: HandleOutcome) => void;
  /** Counts per outcome for one event type, e.g. `{ handled: 3, retried: 2, dead_lettered: 1 }`. */
  handledOf: (type: string) => Record<string, number>;
  registerMetrics: (registry: Registry) => void;
}

export function createEventCounters(): EventCounters {
  const published = new Map<string, number>();
  const handled = new Map<string, number>();
  const bump = (m: Map<string, number>, key: string) => m.set(key, (m.get(key) ?? 0) + 1);
  const collectInto = (counter: Counter<string>, m: Map<string, number>) => {
    counter.reset();
    for (const [key, n] of m) {
      const [event, outcome] = key.split('\0');
      counter.inc({ event, outcome }, n);
    }
  };
  return {
    published,
    handled,
    countPublished: (type, outcome) => bump(published, `${type}\0${outcome}`),
    countHandled: (type, outcome) => bump(handled, `${type}\0${outcome}`),
    handledOf: (type) => Object.fromEntries([...handled].filter(([k]) => k.startsWith(`${type}\0`)).map(([k, n]) => [k.split('\0')[1], n])),
    registerMetrics: (registry) => {
      if (registry.getSingleMetric('ficus_events_handled_total')) return;
      new Counter({
        name: 'ficus_events_published_total',
        help: 'Domain events published, by event type and outcome (published, unavailable, error)',
        labelNames: ['event', 'outcome'],
        registers: [registry],
        collect() {
          collectInto(this, published);
        },
      });
      new Counter({
        name: 'ficus_events_handled_total',
        help: 'Domain event deliveries, by event type and outcome (handled, retried, dead_lettered)',
        labelNames: ['event', 'outcome'],
        registers: [registry],
        collect() {
          collectInto(this, handled);
        },
      });
    },
  };
}

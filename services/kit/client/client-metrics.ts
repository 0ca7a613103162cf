// Every call's outcome in Prometheus: ficus_client_calls_total{service,method,outcome} and
// ficus_client_call_duration_seconds{service,outcome}, on the caller's registry (a kit service's `metrics`).
import { Counter, Histogram, type Registry } from 'prom-client';

export interface ClientMetrics {
  observe: (labels: { service: string; method: string; outcome: string }, seconds: number) => void;
}

/** Registers the client's series on `registry` once; several clients on one registry share them. */
export function createClientMetrics(registry: Registry): ClientMetrics {
  const calls =
    (registry.getSingleMetric('ficus_client_calls_total') as Counter<string> | undefined) ??
    new Counter({ name: 'ficus_client_calls_total', help: 'Calls made by service clients, by target service, method and outcome', labelNames: ['service', 'method', 'outcome'], registers: [registry] });
  const duration =
    (registry.getSingleMetric('ficus_client_call_duration_seconds') as Histogram<string> | undefined) ??
    new Histogram({
      name: 'ficus_client_call_duration_seconds',
      help: 'Duration of service client calls (retries and waits included), by target service and outcome',
      labelNames: ['service', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
  return {
    observe: ({ service, method, outcome }, seconds) => {
      calls.inc({ service, method, outcome });
      duration.observe({ service, outcome }, seconds);
    },
  };
}

// A gateway worker's relay to its primary (gateway/cluster/relay-exchanges.ts): what it dropped
// because the primary did not read, and what it holds now. Registered in each worker; /metrics sums them.
import { Counter, Gauge, type Registry } from 'prom-client';

export interface RelayMetrics {
  dropped(exchanges: number, verdicts: number): void;
}

export function createRelayMetrics(registry: Registry, queuedBytes: () => number): RelayMetrics {
  const dropped = new Counter({
    name: 'ficus_relay_dropped_total',
    help: 'What workers dropped instead of relaying to the primary, whose channel was full (relay queue bound), by kind: exchanges or verdicts',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'ficus_relay_queued_bytes',
    help: 'Bytes workers have written to the primary that it has not taken yet (estimated)',
    registers: [registry],
    collect() {
      this.set(queuedBytes());
    },
  });
  return {
    dropped(exchanges, verdicts) {
      if (exchanges > 0) dropped.inc({ kind: 'exchanges' }, exchanges);
      if (verdicts > 0) dropped.inc({ kind: 'verdicts' }, verdicts);
    },
  };
}

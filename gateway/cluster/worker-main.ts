// One data-plane worker of a gateway group (see create-gateway-group.ts): it serves the route table
// the primary pushes, routes by the service-instance states the primary pushes, and relays every
// exchange (and its verdict on the instance) to the primary. It has no store, no admin API, no
// config file and no health checks of its own; it stops when the primary says so or goes away.
import { createGateway, type Gateway } from '../create-gateway.js';
import { createRelayMetrics, type RelayMetrics } from '../telemetry/relay-metrics.js';
import { createExchangeRelay, RELAY_QUEUE_BYTES } from './relay-exchanges.js';
import { isMessage, type ToPrimary, type ToWorker } from './messages.js';

const send = (m: ToPrimary, done?: () => void): void => {
  if (process.connected) process.send!(m, undefined, {}, done);
  else done?.();
};
let gateway: Gateway | undefined;
let relayMetrics: RelayMetrics | undefined;
const relay = createExchangeRelay({
  send: (batch, written) => send({ type: 'ficus:relay', ...batch }, written),
  inFlight: () => gateway?.pools.inFlight() ?? [],
  onDrop(dropped, queuedBytes, first) {
    relayMetrics?.dropped(dropped.exchanges, dropped.verdicts);
    if (first) gateway?.logger.warn({ queuedBytes, limitBytes: RELAY_QUEUE_BYTES }, 'relay to the primary backed up; dropping exchanges until it reads again');
  },
  onCaughtUp: (dropped) => gateway?.logger.warn({ dropped }, 'relay to the primary caught up'),
});
let closing = false;

// Signals to the whole process group (Ctrl-C) reach workers too; the primary drains them in order.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => undefined);

async function stop(): Promise<void> {
  if (closing) return;
  closing = true;
  await gateway?.close();
  relay.flush(); // the last exchanges reach the primary before this process ends
  send({ type: 'ficus:relay', exchanges: [], verdicts: [] }, () => process.exit(0));
}

async function onMessage(m: ToWorker): Promise<void> {
  switch (m.type) {
    case 'ficus:start': {
      gateway = createGateway(m.config, { role: 'worker', hooks: [relay.hooks], pools: { follower: { onVerdict: relay.verdict, onInFlight: relay.touch } } });
      gateway.setRouteOverrides(m.overrides);
      gateway.pools.restore(m.instances);
      relayMetrics = createRelayMetrics(gateway.registry, relay.queuedBytes);
      try {
        const { port } = await gateway.listen();
        send({ type: 'ficus:listening', port });
      } catch (err) {
        send({ type: 'ficus:failed', message: (err as Error).message }, () => process.exit(1));
      }
      return;
    }
    case 'ficus:table':
      if (!gateway) return;
      if (m.config) gateway.reload(m.config);
      gateway.setRouteOverrides(m.overrides);
      gateway.logger.debug({ lagMs: Date.now() - m.sentAt, version: gateway.routeTable().version }, 'route table from the primary applied');
      return;
    case 'ficus:instances':
      gateway?.pools.restore(m.statuses);
      return;
    case 'ficus:metrics':
      send({ type: 'ficus:metrics', id: m.id, metrics: gateway ? await gateway.registry.getMetricsAsJSON() : [] });
      return;
    case 'ficus:close':
      return stop();
  }
}

process.on('message', (m: unknown) => {
  if (isMessage(m)) void onMessage(m as ToWorker);
});
process.on('disconnect', () => void stop().finally(() => process.exit(0))); // the primary is gone
send({ type: 'ficus:ready' });

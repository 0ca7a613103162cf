// One data-plane worker of a gateway group (see create-gateway-group.ts): it serves the route table
// the primary pushes, and relays every exchange to the primary's hooks. It has no store, no admin
// API and no config file of its own; it stops when the primary says so or goes away.
import { createGateway, type Gateway } from '../create-gateway.js';
import { createExchangeRelay } from './relay-exchanges.js';
import { isMessage, type ToPrimary, type ToWorker } from './messages.js';

const send = (m: ToPrimary, done?: () => void): void => {
  if (process.connected) process.send!(m, undefined, {}, done);
  else done?.();
};
const relay = createExchangeRelay((exchanges) => send({ type: 'ficus:exchanges', exchanges }));
let gateway: Gateway | undefined;
let closing = false;

// Signals to the whole process group (Ctrl-C) reach workers too; the primary drains them in order.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => undefined);

async function stop(): Promise<void> {
  if (closing) return;
  closing = true;
  await gateway?.close();
  relay.flush(); // the last exchanges reach the primary before this process ends
  send({ type: 'ficus:exchanges', exchanges: [] }, () => process.exit(0));
}

async function onMessage(m: ToWorker): Promise<void> {
  switch (m.type) {
    case 'ficus:start': {
      gateway = createGateway(m.config, { role: 'worker', hooks: [relay.hooks] });
      gateway.setRouteOverrides(m.overrides);
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

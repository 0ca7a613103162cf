// createFakeEventBus: the EventBus API in memory for tests. Publishing delivers to every subscriber of the
// type on the same fake (share one between a publisher and a subscriber), with the real bus's rules: a
// handler that throws is retried `retries` times, then the event is dead-lettered. `settle()` waits until
// every delivery has finished.
import { randomUUID } from 'node:crypto';
import { createEventCounters } from '../events/event-metrics.js';
import type { DomainEvent, EventBus, EventHandler, PublishResult } from '../events/event-types.js';

export interface FakeEventBus extends EventBus {
  published: { type: string; payload: unknown; id: string }[];
  deadLetters: { event: DomainEvent; error: string }[];
  handledOf: (type: string) => Record<string, number>;
  /** Resolves when no delivery is in progress. */
  settle: () => Promise<void>;
  /** Makes ready() throw and publish answer `unavailable`, as a bus whose broker is down. */
  setConnected: (up: boolean) => void;
}

export function createFakeEventBus(options: { retries?: number; service?: string } = {}): FakeEventBus {
  const retries = options.retries ?? 3;
  const counters = createEventCounters();
  const handlers = new Map<string, EventHandler<unknown>[]>();
  const pending = new Set<Promise<void>>();
  let up = true;
  const bus: FakeEventBus = {
    published: [],
    deadLetters: [],
    publish: async (type, payload, o = {}): Promise<PublishResult> => {
      const id = o.id ?? randomUUID();
      if (!up) {
        counters.countPublished(type, 'unavailable');
        return { ok: false, outcome: 'unavailable', id, error: 'fake broker down' };
      }
      // Serialised as on the wire, so a payload that would not survive JSON fails here too.
      const copy = JSON.parse(JSON.stringify(payload)) as unknown;
      bus.published.push({ type, payload: copy, id });
      counters.countPublished(type, 'published');
      for (const handler of handlers.get(type) ?? []) {
        const delivery = deliver(handler, { id, type, payload: copy, attempt: 1, redelivered: false, source: options.service, publishedAt: new Date().toISOString() });
        pending.add(delivery);
        void delivery.finally(() => pending.delete(delivery));
      }
      return { ok: true, outcome: 'published', id };
    },
    subscribe: (type, handler) => {
      handlers.set(type, [...(handlers.get(type) ?? []), handler as EventHandler<unknown>]);
    },
    ready: () => {
      if (!up) throw new Error('fake broker down');
    },
    close: async () => {
      await bus.settle();
    },
    handledOf: counters.handledOf,
    settle: async () => {
      while (pending.size) await Promise.allSettled([...pending]);
    },
    setConnected: (value) => {
      up = value;
    },
  };

  async function deliver(handler: EventHandler<unknown>, event: DomainEvent): Promise<void> {
    await Promise.resolve(); // delivered after publish returns, as from a broker
    for (let attempt = 1; ; attempt++) {
      try {
        await handler({ ...event, attempt });
        counters.countHandled(event.type, 'handled');
        return;
      } catch (err) {
        if (attempt > retries) {
          counters.countHandled(event.type, 'dead_lettered');
          bus.deadLetters.push({ event: { ...event, attempt }, error: (err as Error)?.message ?? String(err) });
          return;
        }
        counters.countHandled(event.type, 'retried');
      }
    }
  }

  return bus;
}

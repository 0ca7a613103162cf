// The events API shared by the RabbitMQ bus and its in-memory fake (ficus/testing), so a service's code
// and tests use one shape.

export interface DomainEvent<P = unknown> {
  /** The message id the publisher gave (a UUID when published through the kit). */
  id: string;
  /** The routing key: `order.placed`. */
  type: string;
  payload: P;
  /** 1 for the first delivery, then 2, 3… for retries. */
  attempt: number;
  /**
   * Delivery is at least once: an acknowledgement still in flight when the connection drops is lost, and the
   * broker delivers the event again with this set. Handlers that must not act twice key on `id`.
   */
  redelivered: boolean;
  /** The publishing application, when it said (`appId`). */
  source?: string;
  publishedAt?: string;
}

/** A handler acknowledges by returning; throwing (or rejecting) retries the event, then dead-letters it. */
export type EventHandler<P = unknown> = (event: DomainEvent<P>) => unknown;

export type PublishOutcome = 'published' | 'unavailable' | 'error';

export interface PublishResult {
  ok: boolean;
  outcome: PublishOutcome;
  id: string;
  error?: string;
}

export type HandleOutcome = 'handled' | 'retried' | 'dead_lettered';

export interface EventBus {
  /** Publishes `payload` as `type`; resolves once the broker confirmed it. Never throws: the result says. */
  publish: <P>(type: string, payload: P, options?: { id?: string }) => Promise<PublishResult>;
  /** Subscribes this service's durable queue `<service>.<type>` to `type`; set up again on every reconnect. */
  subscribe: <P>(type: string, handler: EventHandler<P>) => void;
  /** Throws while the broker is not connected (a kit service's /readyz calls it). */
  ready: () => void | Promise<void>;
  close: () => Promise<void>;
}

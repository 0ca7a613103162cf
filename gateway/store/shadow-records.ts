// What the shadow component records: counter names and the shape of a stored example.

/** Every outcome of a mirrored (or not mirrored) exchange has a counter. */
export const SHADOW_COUNTERS = [
  'compared', // monolith vs service answers compared
  'matched', // …with no difference at all (before noise is taken out)
  'differed', // …with at least one difference (noise included)
  'noise_compared', // monolith vs monolith answers compared
  'errors_monolith', // the primary or the second monolith call failed
  'errors_service', // the shadow call failed (timeout, refused, reset, error)
  'errors_service_timeout',
  'errors_internal', // a comparison that threw (a bug, or a document too deep to walk); logged
  'skipped_sample', // not in the `sample` share
  'skipped_write', // a write on a route without allowWrites
  'skipped_too_large', // request or a response bigger than bodyCapBytes
  'skipped_queue_full', // maxConcurrent busy and maxQueue full
  'skipped_memory', // the bodies held for comparison reached the gateway-wide budget
  'skipped_client_abort', // the client went away before the primary finished
  'skipped_no_service', // the route names no known service
  'skipped_service_down', // the service failed repeatedly; left alone for a cool-down (breaker open)
  'skipped_closing', // the gateway was shutting down
  'signatures_unkept', // mismatching exchanges whose field set was not kept (too many distinct)
  'fields_unkept', // differences at field paths beyond the per-route bound
  'examples_lost', // examples dropped because the store failed
  'store_errors', // failed store flushes, on the pseudo-route "*" (counts were kept in memory and written later)
] as const;
export type ShadowCounter = (typeof SHADOW_COUNTERS)[number];

/** One side of an example: what was sent or answered, redacted and truncated. */
export interface ExampleMessage {
  status?: number;
  headers: Record<string, string | string[]>;
  body: string;
  bodyBytes: number;
  truncated: boolean;
}

/** An example pair kept for one field path, as stored and as served by the diffs API. */
export interface ShadowExample {
  at: string; // where the difference was found: $.items[3].price
  kind: string;
  left?: unknown; // the monolith's value
  right?: unknown; // the service's value
  request: ExampleMessage & { method: string; url: string };
  monolith: ExampleMessage;
  service: ExampleMessage;
  recordedAt: number;
}

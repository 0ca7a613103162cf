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
  'skipped_client_abort', // the client went away, timed out or sent a body that does not parse before the primary finished
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

/**
 * Where a comparison's evidence belongs, resolved when it is written: the route's current epoch, or
 * the epoch of a service version new to this replica (started then unless another replica did).
 * Resolving at write time means a reset counts the comparisons of the second before it, which were
 * made against the version the operator just deployed, rather than losing those after it.
 */
export type EpochRef = { kind: 'current' } | { kind: 'version'; version: string };

/** One time bucket of one epoch: what the promote guard's window is made of. */
export interface EvidenceBucket {
  routeId: string;
  epoch: EpochRef;
  bucket: number; // epoch ms at the start of the bucket
  compared: number;
  matched: number; // no difference at all
  unkept: number; // mismatches whose signature was not kept
  signatures: Map<string, number>; // signature → exchanges (keys are in shadow_signatures)
  latency: { monolith: Map<number, number>; service: Map<number, number> }; // latency-histogram bins
}

/** What one flush writes: counts to add, per replica. Plain data handed from the shadow plane to the store. */
export interface ShadowBatch {
  counters: Map<string, { routeId: string; name: ShadowCounter; value: number }>;
  fields: Map<string, { routeId: string; path: string; kind: string; raw: number; noise: number }>;
  signatures: Map<string, { routeId: string; signature: string; keys: string[]; count: number }>;
  examples: { routeId: string; path: string; kind: string; example: ShadowExample }[];
  buckets: Map<string, EvidenceBucket>;
  /** The last service version each route's comparisons carried in this batch. */
  versions: Map<string, string>;
}

/** A route's current evidence epoch: started by a reset or by a new service version; id 0 is "since the beginning". */
export interface EvidenceEpoch {
  id: number;
  routeId: string;
  startedAt: number | null;
  version: string | null;
  cause: 'start' | 'reset' | 'version';
  who: string | null;
  why: string | null;
}

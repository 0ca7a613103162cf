// The gateway config: one zod schema, the single source of truth; TypeScript types are inferred from it.
// Shape follows DESIGN.md ("ficus gateway"). Cross-field rules (unique ids, known services, valid
// patterns) live in validate-config.ts so that every problem is reported at once with its path.
import { z } from 'zod';
import { checkPathPattern } from '../compare/path-pattern.js';

export const MODES = ['monolith', 'shadow', 'canary', 'service'] as const;
export const modeSchema = z.enum(MODES);
export type Mode = z.infer<typeof modeSchema>;

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

// No user:password@ in it: neither the data plane's pools nor fetch send URL credentials.
const httpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
  .refine((u) => !/^[a-z]+:\/\/[^/]*@/i.test(u), 'must not hold credentials (user:password@): they would not be sent');

// What one client connection may hold (see gateway/proxy/client-limits.ts). The header deadline
// cannot exceed the whole-request one: node refuses that pair.
const listenSchema = z
  .strictObject({
    host: z.string().min(1).default('0.0.0.0'),
    port: z.number().int().min(0).max(65535).default(8080),
    headersTimeoutMs: z.number().int().positive().default(10_000), // from a request's first byte to the end of its head
    requestTimeoutMs: z.number().int().positive().default(60_000), // from a request's first byte to the end of its body
    keepAliveTimeoutMs: z.number().int().positive().default(5_000), // an idle keep-alive connection between requests
    maxConnections: z.number().int().positive().default(10_000), // open client connections; past it new ones are closed
    // TLS termination: PEM files (paths from the working directory), read at start and whenever they
    // change (gateway/proxy/data-plane-server.ts); their content is checked by read-tls-files.ts.
    tls: z.strictObject({ cert: z.string().min(1), key: z.string().min(1) }).optional(),
    // Data-plane processes on the one port (node's cluster), supervised by a primary that owns the
    // config, the admin API and the store (gateway/cluster/). 1: one process, as without the field.
    workers: z
      .union([z.number().int().min(1).max(256), z.literal('auto')], { error: 'workers is a whole number of processes from 1 to 256, or "auto" (one per core)' })
      .default(1),
  })
  .superRefine((listen, ctx) => {
    if (listen.headersTimeoutMs > listen.requestTimeoutMs) {
      ctx.addIssue({ code: 'custom', path: ['headersTimeoutMs'], message: 'must not exceed listen.requestTimeoutMs' });
    }
  });

const upstreamSchema = z.strictObject({
  url: httpUrl,
  timeoutMs: z.number().int().positive().default(5000), // time without a byte from the upstream
  deadlineMs: z.number().int().positive().default(30_000), // request sent to last byte of the answer (gateway/proxy/upstream-exchange.ts)
});

// A service is a pool of instances (`url` is a pool of one). Active health checks and passive outlier
// ejection (gateway/upstream/service-pool.ts) take instances out; the balancer picks among the rest.
const healthSchema = z.strictObject({
  path: z.string().startsWith('/', 'a health path starts with /'),
  intervalMs: z.number().int().positive().default(5000),
  timeoutMs: z.number().int().positive().default(1000), // a check without an answer by then failed (upstream_timeout)
  unhealthyAfter: z.number().int().min(1).default(2), // consecutive failed checks that take an instance out
  healthyAfter: z.number().int().min(1).default(2), // consecutive passed checks that bring it back
});

// Envoy's outlier detection, consecutive gateway failures: the nth ejection lasts n × baseEjectionMs,
// n stepping down after each decayMs the instance spent in the pool.
const outlierSchema = z.strictObject({
  consecutiveFailures: z.number().int().min(1).default(5), // connect failures, resets, timeouts or 5xx in a row
  baseEjectionMs: z.number().int().positive().default(30_000),
  maxEjectionMs: z.number().int().positive().default(300_000),
  maxEjectedPercent: z.number().min(0).max(100).default(50), // the share that may be out at once, rounded down (a pool of one: 100 to eject it)
  decayMs: z.number().int().positive().default(10_000), // each one an instance spends in the pool counts one ejection less (Envoy's interval)
});

export const BALANCERS = ['least-requests', 'round-robin'] as const;

const serviceSchema = z
  .strictObject({
    url: httpUrl.optional(),
    urls: z.array(httpUrl).min(1, 'a pool needs at least one URL (or give url)').optional(),
    balance: z.enum(BALANCERS).default('least-requests'),
    health: healthSchema.optional(),
    outlier: outlierSchema.prefault({}),
    timeoutMs: upstreamSchema.shape.timeoutMs,
    deadlineMs: upstreamSchema.shape.deadlineMs,
  })
  .superRefine((s, ctx) => {
    if (s.url !== undefined && s.urls !== undefined) ctx.addIssue({ code: 'custom', path: ['urls'], message: 'give url or urls, not both' });
    else if (s.url === undefined && s.urls === undefined) ctx.addIssue({ code: 'custom', path: ['url'], message: 'a service needs url (one instance) or urls (a pool)' });
    if (s.urls && new Set(s.urls).size !== s.urls.length) ctx.addIssue({ code: 'custom', path: ['urls'], message: 'the same URL is listed twice' });
    if (s.outlier.baseEjectionMs > s.outlier.maxEjectionMs) ctx.addIssue({ code: 'custom', path: ['outlier', 'baseEjectionMs'], message: 'must not exceed outlier.maxEjectionMs' });
  })
  // One shape downstream: `urls`, whichever the file used.
  .transform(({ url, urls, ...rest }) => ({ ...rest, urls: urls ?? (url !== undefined ? [url] : []) }));

const adminTokenSchema = z.strictObject({
  name: z.string().min(1),
  token: z.string().min(16, 'admin tokens must be at least 16 characters'),
});

const adminSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(8081),
  // A single token is named "admin" in the audit log; `tokens` names each operator's token.
  token: z.string().min(16, 'admin tokens must be at least 16 characters').optional(),
  tokens: z.array(adminTokenSchema).default([]),
});

const stickySchema = z.union([
  z.strictObject({ header: z.string().min(1).toLowerCase() }),
  z.strictObject({ cookie: z.string().min(1) }),
]);

// A JSON field pattern for shadow.ignore / shadow.redact: `$.a.b`, `$.items[*].price`, `$..token`.
const pathPatternSchema = (startMessage: string) =>
  z
    .string()
    .startsWith('$', startMessage)
    .superRefine((pattern, ctx) => {
      const problem = pattern.startsWith('$') ? checkPathPattern(pattern) : undefined;
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });

const shadowSchema = z.strictObject({
  sample: z.number().min(0).max(100).default(100), // percent; fractions allowed (0.5 = one in 200)
  allowWrites: z.boolean().default(false),
  ignore: z.array(pathPatternSchema('ignore paths start with $ (e.g. $.items[*].updatedAt)')).default([]),
  headers: z.array(z.string().min(1).toLowerCase()).default([]),
  noise: z.enum(['auto', 'off']).default('auto'),
  noiseSample: z.number().min(0).max(100).default(20), // percent of mirrored safe requests also sent twice to the monolith
  tolerance: z.number().min(0).optional(), // absolute numeric tolerance for JSON numbers
  // One syntax for every place: `$.password` / `$..token` name JSON fields, form fields (urlencoded and
  // multipart) and query parameters; `headers.<name>` names a header. Redacted before anything is stored or shown.
  redact: z
    .array(
      z.string().superRefine((rule, ctx) => {
        const problem = rule.toLowerCase().startsWith('headers.')
          ? /^headers\.[!#$%&'*+.^_`|~0-9A-Za-z-]+$/i.test(rule) ? undefined : 'a header rule is headers.<name> (e.g. headers.x-session)'
          : rule.startsWith('$') ? checkPathPattern(rule) : 'redact rules start with $ (e.g. $.user.email) or headers. (e.g. headers.x-session)';
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    )
    .default([]),
  timeoutMs: z.number().int().positive().default(5000),
  // Copies in flight and waiting, per route. Each keeps its request and answers alive across GCs:
  // against a 200 ms service at 1k req/s, 64 + 256 raised the primary's p99 ~5 ms, 32 + 32 ~1 ms.
  maxConcurrent: z.number().int().positive().default(32),
  maxQueue: z.number().int().min(0).default(32),
  bodyCapBytes: z.number().int().positive().default(1024 * 1024),
  // The service's answers name its version here; a new value starts a new evidence epoch.
  versionHeader: z.string().min(1).toLowerCase().default('x-service-version'),
  thresholds: z
    .strictObject({
      relative: z.number().min(0).max(1).default(0.2),
      absolute: z.number().min(0).max(1).default(0.0003),
    })
    .prefault({}),
});

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;
const DURATION_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `"90s"` → 90000; undefined for anything else. */
export function parseDurationMs(text: string): number | undefined {
  const m = DURATION.exec(text);
  return m ? Number(m[1]) * DURATION_MS[m[2] as keyof typeof DURATION_MS] : undefined;
}

// The promote guard's window: the last N comparisons, or a duration ("30m").
const windowSchema = z.union([
  z.number().int('a window count is a whole number of comparisons').min(1, 'a window needs at least 1 comparison (or a duration such as "30m")'),
  z.string().refine((t) => (parseDurationMs(t) ?? 0) > 0, 'a window duration is a positive number with ms, s, m, h or d (e.g. "30m"), or give a count of comparisons'),
]);

const guardSchema = z.strictObject({
  promote: z
    .strictObject({
      minSamples: z.number().int().min(0).default(200),
      minMatchRate: z.number().min(0).max(1).default(0.99),
      // Judge only the last comparisons (of the current epoch); absent: the whole epoch.
      window: windowSchema.optional(),
      // Service p95 ÷ monolith p95 over the same shadow pairs; absent: latency is shown, not judged.
      maxLatencyRatio: z.number().positive().optional(),
    })
    .prefault({}),
  rollback: z
    .strictObject({
      maxErrorRate: z.number().min(0).max(1).default(0.05),
      windowS: z.number().int().positive().default(60),
      minRequests: z.number().int().positive().default(20),
      // A canary whose service p95 (over windowS) passes this, or this multiple of the monolith's p95 on the same route, rolls back.
      maxP95Ms: z.number().positive().optional(),
      maxP95Ratio: z.number().positive().optional(),
      to: z.enum(['monolith', 'shadow']).default('monolith'),
    })
    .prefault({}),
});

// A progressive ramp: canary percents to step through, each held for holdS while the canary stays healthy.
export const rampSchema = z
  .strictObject({
    steps: z.array(z.number().gt(0, 'ramp steps are percents above 0').max(100, 'ramp steps are percents up to 100')).min(1, 'a ramp needs at least one step'),
    holdS: z.number().int().positive().default(300),
  })
  .superRefine((ramp, ctx) => {
    ramp.steps.forEach((step, i) => {
      if (i > 0 && step <= ramp.steps[i - 1]) ctx.addIssue({ code: 'custom', path: ['steps', i], message: `ramp steps must increase (${ramp.steps[i - 1]} then ${step})` });
    });
  });
export type RampConfig = z.infer<typeof rampSchema>;

export const routeSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'route ids are letters, digits, ".", "_" and "-"'),
  match: z.strictObject({
    methods: z.array(z.enum(METHODS)).min(1).optional(), // absent: every method
    path: z.string().startsWith('/', 'paths start with /'),
  }),
  service: z.string().min(1).optional(), // required unless mode is monolith with no service yet
  mode: modeSchema.default('monolith'),
  percent: z.number().min(0).max(100).default(0),
  sticky: stickySchema.optional(),
  shadow: shadowSchema.prefault({}),
  guard: guardSchema.prefault({}),
  ramp: rampSchema.optional(), // the plan `ficus cutover --ramp` follows when it is given no steps
  // What the traffic inspector keeps of this route's exchanges: headers always (redacted), bodies only
  // when opted in, each up to bodyCapBytes and redacted by shadow.redact before it is kept.
  inspect: z
    .strictObject({
      bodies: z.boolean().default(false),
      bodyCapBytes: z.number().int().positive().max(1024 * 1024).default(8192),
    })
    .prefault({}),
  fallback: z.enum(['monolith', 'none']).default('none'),
  // The tables the route writes (from the analyzer's report): while `ficus data sync` still copies one
  // of them monolith → service, the admin API refuses to send this route's writes to the service.
  tables: z.array(z.string().min(1)).optional(),
  // An idempotent request with a body up to this size (content-length) can still be replayed on the
  // monolith after a refused connection to the service (the body is unread then, and read whole); larger
  // ones are not.
  fallbackBodyCapBytes: z.number().int().min(0).default(64 * 1024),
});

export const gatewayConfigSchema = z.strictObject({
  listen: listenSchema.prefault({}),
  monolith: upstreamSchema,
  services: z.record(z.string(), serviceSchema).prefault({}),
  store: z.strictObject({ url: z.string().min(1).default('sqlite:.ficus/gateway.db') }).prefault({}),
  // The monolith's database, where `ficus data sync` keeps its state: read by the write guard only.
  data: z.strictObject({ url: z.string().min(1) }).optional(),
  admin: adminSchema.prefault({}),
  headers: z
    .strictObject({
      route: z.boolean().default(true), // x-ficus-route and x-ficus-backend on responses
      via: z.string().min(1).default('ficus'),
      // Keep the x-forwarded-* a client sent (appending to x-forwarded-for) only when every client is
      // a proxy of yours, e.g. a load balancer that terminates TLS; otherwise they are replaced by
      // what ficus saw, so nobody can claim another address, scheme or host.
      trustForwarded: z.boolean().default(false),
    })
    .prefault({}),
  shutdown: z.strictObject({ graceMs: z.number().int().min(0).default(10_000) }).prefault({}),
  // The live traffic inspector: the last `perRoute` exchanges of each route, kept in memory (0: off).
  inspector: z.strictObject({ perRoute: z.number().int().min(0).max(10_000).default(100) }).prefault({}),
  // Spans over OTLP/HTTP (JSON) to a collector: one per exchange, one per shadow copy (linked to it).
  // Unset: no span is made and the OpenTelemetry SDK is never loaded; traceparent still passes through.
  telemetry: z
    .strictObject({
      otlp: z
        .strictObject({
          url: httpUrl, // the collector's traces endpoint; a URL with no path gets /v1/traces
          headers: z.record(z.string(), z.string()).default({}), // e.g. an API key the collector wants
          serviceName: z.string().min(1).default('ficus-gateway'), // the resource's service.name
          timeoutMs: z.number().int().positive().default(10_000), // one export request
        })
        .optional(),
    })
    .prefault({}),
  routes: z.array(routeSchema).default([]),
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
export type GatewayConfigInput = z.input<typeof gatewayConfigSchema>;
export type RouteConfig = z.infer<typeof routeSchema>;
export type ShadowConfig = z.infer<typeof shadowSchema>;
export type GuardConfig = z.infer<typeof guardSchema>;
export type UpstreamConfig = z.infer<typeof upstreamSchema>;
export type ServiceConfig = z.infer<typeof serviceSchema>;
export type HealthConfig = z.infer<typeof healthSchema>;
export type OutlierConfig = z.infer<typeof outlierSchema>;
export type Balancer = (typeof BALANCERS)[number];

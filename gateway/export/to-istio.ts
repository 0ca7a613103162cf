// Istio (networking.istio.io/v1beta1) from an export plan: one VirtualService whose http routes
// keep ficus's order (Istio, like ficus, takes the first match), weights for a canary, `mirror` and
// `mirrorPercentage` to ficus compare for a shadow route, and a DestinationRule with a consistent
// hash on the sticky header or cookie of a canary. What Istio cannot say is a note.
import { toDnsLabel, type BackendRef } from './backend-ref.js';
import { formatNote, metadataFor, type ExportResult, type Manifest } from './manifest.js';
import type { PathMatch } from './path-match.js';
import type { ExportNote, ExportPlan, PlannedRoute } from './plan-routes.js';

export interface IstioOptions {
  namespace?: string;
  /** VirtualService hosts; default: the monolith's Service, so mesh traffic addressed to it is routed. */
  hosts?: string[];
  /** Istio Gateways to bind (`mesh` for sidecars); default: none (mesh traffic only). */
  gateways?: string[];
}

/** Renders the plan as a VirtualService and the DestinationRules sticky canaries need. */
export function toIstio(plan: ExportPlan, options: IstioOptions = {}): ExportResult {
  const notes: ExportNote[] = [...plan.notes];
  const comments: string[] = [];
  const hashes = new Map<string, { ref: BackendRef; sticky: NonNullable<PlannedRoute['route']['sticky']>; routeId: string }>();
  const http = plan.routes.map((p) => {
    const routeNotes = noteRoute(p, plan);
    const weights = wholeWeights(p);
    if (weights.rounded) routeNotes.push({ routeId: p.route.id, lossy: true, message: `percent ${p.route.percent} becomes ${weights.values.at(-1)}: Istio weights are whole percents` });
    if (p.backends.length > 1 && p.route.sticky) {
      for (const b of p.backends) {
        const host = hostOf(b.ref);
        const seen = hashes.get(host);
        if (seen && JSON.stringify(seen.sticky) !== JSON.stringify(p.route.sticky)) {
          routeNotes.push({ routeId: p.route.id, lossy: true, message: `${host} already hashes on ${describeSticky(seen.sticky)} for route ${seen.routeId}; one DestinationRule per host cannot hash on ${describeSticky(p.route.sticky)} too` });
        } else if (!seen) hashes.set(host, { ref: b.ref, sticky: p.route.sticky, routeId: p.route.id });
      }
    }
    notes.push(...routeNotes);
    comments.push(`${p.route.id}: ${p.route.match.methods?.join(',') ?? 'any method'} ${p.route.match.path}, mode ${p.route.mode}${p.route.mode === 'canary' ? ` ${p.route.percent}%` : ''}`, ...routeNotes.map((n) => `  ${formatNote(n)}`));
    return {
      name: p.route.id,
      match: p.paths.flatMap(uriMatches).flatMap((uri) => (p.methods ?? [undefined]).map((method) => ({ uri, ...(method ? { method: { exact: method } } : {}), ignoreUriCase: true }))),
      route: p.backends.map((b, i) => ({ destination: destination(b.ref), weight: weights.values[i] })),
      ...(p.mirror ? { mirror: destination(plan.comparator), mirrorPercentage: { value: 100 } } : {}),
    };
  });
  http.push({ name: 'monolith', match: [], route: [{ destination: destination(plan.monolith), weight: 100 }] });
  delete (http.at(-1) as { match?: unknown }).match; // the last route takes everything else
  const manifests: Manifest[] = [
    {
      comments: ['routes in ficus order (first match wins in Istio too):', ...comments.map((c) => `  ${c}`)],
      object: {
        apiVersion: 'networking.istio.io/v1beta1',
        kind: 'VirtualService',
        metadata: metadataFor(`ficus-${plan.monolith.name}`, options.namespace),
        spec: {
          hosts: options.hosts?.length ? options.hosts : [hostOf(plan.monolith)],
          ...(options.gateways?.length ? { gateways: options.gateways } : {}),
          http,
        },
      },
    },
  ];
  for (const [host, { sticky, routeId }] of hashes) {
    manifests.push({
      comments: [`${routeId}: keeps each user on one pod of ${host} (hash of ${describeSticky(sticky)})`],
      object: {
        apiVersion: 'networking.istio.io/v1beta1',
        kind: 'DestinationRule',
        metadata: metadataFor(`ficus-${toDnsLabel(host.split('.')[0])}-sticky`, options.namespace, routeId),
        spec: {
          host,
          trafficPolicy: { loadBalancer: { consistentHash: 'header' in sticky ? { httpHeaderName: sticky.header } : { httpCookie: { name: sticky.cookie, ttl: '0s' } } } },
        },
      },
    });
  }
  return { target: 'istio', manifests, notes };
}

function noteRoute(p: PlannedRoute, plan: ExportPlan): ExportNote[] {
  const out: ExportNote[] = [];
  if (p.backends.length > 1 && p.route.sticky) {
    out.push({
      routeId: p.route.id,
      lossy: true,
      message: `sticky on ${describeSticky(p.route.sticky)}: Istio splits weights per request and its consistent hash only picks a pod within one backend, so one user may reach both the monolith and the service`,
    });
  }
  if (p.mirror && p.route.shadowSample < 100) out.push({ routeId: p.route.id, lossy: false, message: `every request is mirrored to ${plan.comparator.name}; ficus compare compares the shadow.sample share (${p.route.shadowSample}%)` });
  return out;
}

/** Weights in whole percents adding up to 100 (the service's share rounded, the monolith takes the rest). */
function wholeWeights(p: PlannedRoute): { values: number[]; rounded: boolean } {
  if (p.backends.length === 1) return { values: [100], rounded: false };
  const service = Math.round(p.backends[1].percent);
  return { values: [100 - service, service], rounded: service !== p.backends[1].percent };
}

/** Istio's `prefix` is a string prefix, so ficus's `/api/orders/*` is `/api/orders` exactly or anything under `/api/orders/`. */
function uriMatches(m: PathMatch): Record<string, string>[] {
  if (m.type === 'exact') return [{ exact: m.value }];
  if (m.type === 'regex') return [{ regex: m.value }];
  return m.value === '/' ? [{ prefix: '/' }] : [{ exact: m.value }, { prefix: `${m.value}/` }];
}

function hostOf(ref: BackendRef): string {
  return ref.namespace ? `${ref.name}.${ref.namespace}.svc.cluster.local` : ref.name;
}

function destination(ref: BackendRef): Record<string, unknown> {
  return { host: hostOf(ref), port: { number: ref.port } };
}

function describeSticky(sticky: { header: string } | { cookie: string }): string {
  return 'header' in sticky ? `header ${sticky.header}` : `cookie ${sticky.cookie}`;
}

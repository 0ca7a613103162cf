// Gateway API HTTPRoutes (gateway.networking.k8s.io/v1) from an export plan: one per ficus route,
// weighted backendRefs for a canary, a RequestMirror filter to ficus compare for a shadow route,
// and a catch-all to the monolith. Routes attach to the monolith's Service (GAMMA, mesh traffic)
// unless a Gateway is named. What HTTPRoute cannot say is a note; `lossy` ones change behaviour.
import type { BackendRef } from './backend-ref.js';
import { toDnsLabel } from './backend-ref.js';
import { formatNote, metadataFor, type ExportResult, type Manifest } from './manifest.js';
import type { ExportNote, ExportPlan, PlannedRoute } from './plan-routes.js';
import type { PathMatch } from './path-match.js';

export interface GatewayApiOptions {
  namespace?: string;
  /** Attach to this Gateway instead of the monolith's Service. */
  gateway?: { name: string; namespace?: string };
  hostnames?: string[];
}

const MAX_MATCHES_PER_RULE = 8; // HTTPRouteRule.matches maxItems
const WEIGHT_SCALE = 100; // weight = percent × 100: canary shares to 0.01 %
const TYPE: Record<PathMatch['type'], string> = { exact: 'Exact', prefix: 'PathPrefix', regex: 'RegularExpression' };

/** Renders the plan as HTTPRoutes. */
export function toGatewayApi(plan: ExportPlan, options: GatewayApiOptions = {}): ExportResult {
  const notes: ExportNote[] = [...plan.notes];
  const ns = (ref: { namespace?: string }): { namespace?: string } => (ref.namespace && ref.namespace !== options.namespace ? { namespace: ref.namespace } : {});
  const backendRef = (ref: BackendRef): Record<string, unknown> => ({ name: ref.name, ...ns(ref), port: ref.port });
  const parentRefs = [
    options.gateway
      ? { name: options.gateway.name, ...ns(options.gateway) }
      : { group: '', kind: 'Service', name: plan.monolith.name, ...ns(plan.monolith), port: plan.monolith.port },
  ];
  const base = { parentRefs, ...(options.hostnames?.length ? { hostnames: options.hostnames } : {}) };
  const manifests: Manifest[] = plan.routes.map((p) => {
    const routeNotes = noteRoute(p, plan);
    notes.push(...routeNotes);
    const matches = p.paths.flatMap((path) =>
      (p.methods ?? [undefined]).map((method) => ({ path: { type: TYPE[path.type], value: path.value }, ...(method ? { method } : {}) })),
    );
    const backendRefs = p.backends.map((b) => ({ ...backendRef(b.ref), weight: Math.round(b.percent * WEIGHT_SCALE) }));
    const filters = p.mirror ? [{ type: 'RequestMirror', requestMirror: { backendRef: backendRef(plan.comparator) } }] : undefined;
    const rules = chunk(matches, MAX_MATCHES_PER_RULE).map((m) => ({ matches: m, backendRefs, ...(filters ? { filters } : {}) }));
    return {
      comments: [`route ${p.route.id}: ${p.route.match.methods?.join(',') ?? 'any method'} ${p.route.match.path}, mode ${p.route.mode}${p.route.mode === 'canary' ? ` ${p.route.percent}%` : ''}`, ...routeNotes.map(formatNote)],
      object: {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: metadataFor(`ficus-${toDnsLabel(p.route.id)}`, options.namespace, p.route.id),
        spec: { ...base, rules },
      },
    };
  });
  manifests.push({
    comments: ['everything no route above takes goes to the monolith'],
    object: {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: metadataFor('ficus-monolith', options.namespace),
      spec: { ...base, rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ ...backendRef(plan.monolith), weight: WEIGHT_SCALE * 100 }] }] },
    },
  });
  return { target: 'gateway-api', manifests, notes };
}

function noteRoute(p: PlannedRoute, plan: ExportPlan): ExportNote[] {
  const out: ExportNote[] = [];
  const id = p.route.id;
  if (p.paths.some((m) => m.type === 'regex')) out.push({ routeId: id, lossy: false, message: `path ${p.route.match.path} becomes a RegularExpression match, whose support is implementation-specific in Gateway API` });
  const split = p.backends.length > 1;
  if (split && p.route.sticky) {
    const key = 'header' in p.route.sticky ? `header ${p.route.sticky.header}` : `cookie ${p.route.sticky.cookie}`;
    out.push({ routeId: id, lossy: true, message: `sticky on ${key}: HTTPRoute weights split each request at random, so one user may reach both the monolith and the service (ficus hashes the key to keep each user on one backend)` });
  }
  if (split && p.backends.some((b) => Math.abs(b.percent * WEIGHT_SCALE - Math.round(b.percent * WEIGHT_SCALE)) > 1e-9)) out.push({ routeId: id, lossy: true, message: `percent ${p.route.percent} is rounded to 0.01 % in backend weights` });
  if (p.mirror && p.route.shadowSample < 100) out.push({ routeId: id, lossy: false, message: `every request is mirrored to ${plan.comparator.name}; ficus compare compares the shadow.sample share (${p.route.shadowSample}%)` });
  return out;
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

// One generated Kubernetes object with the comments written above it, and an export's result.
import type { ExportNote } from './plan-routes.js';

export interface Manifest {
  comments: string[];
  object: Record<string, unknown>;
}

export const EXPORT_TARGETS = ['gateway-api', 'istio'] as const;
export type ExportTarget = (typeof EXPORT_TARGETS)[number];

export interface ExportResult {
  target: ExportTarget;
  manifests: Manifest[];
  notes: ExportNote[];
}

/** `metadata` of a generated object: ficus's label, the route id as an annotation. */
export function metadataFor(name: string, namespace: string | undefined, routeId?: string): Record<string, unknown> {
  return {
    name,
    ...(namespace ? { namespace } : {}),
    labels: { 'app.kubernetes.io/managed-by': 'ficus' },
    ...(routeId ? { annotations: { 'ficus.dev/route': routeId } } : {}),
  };
}

/** `LOSSY: …` or `note: …`, as written in the output and on stderr. */
export function formatNote(n: ExportNote): string {
  return `${n.lossy ? 'LOSSY' : 'note'}: ${n.message}`;
}

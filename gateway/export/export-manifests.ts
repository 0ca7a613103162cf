// Route state → manifests of a target, checked against their schemas. Lossy notes make it fail
// (FICUS_EXPORT_LOSSY, every one listed) unless the caller accepts them.
import type { BackendRef } from './backend-ref.js';
import { ExportError } from './errors.js';
import type { ExportState } from './export-state.js';
import { formatNote, type ExportResult, type ExportTarget } from './manifest.js';
import { planExport } from './plan-routes.js';
import { toGatewayApi } from './to-gateway-api.js';
import { toIstio } from './to-istio.js';
import { assertValidManifests } from './validate-manifests.js';

export interface ExportManifestsOptions {
  target: ExportTarget;
  namespace?: string;
  backends?: Record<string, BackendRef>;
  comparator?: BackendRef;
  /** gateway-api: a Gateway to attach to (default: the monolith's Service, GAMMA). */
  gateway?: { name: string; namespace?: string };
  /** gateway-api hostnames, istio VirtualService hosts. */
  hosts?: string[];
  /** istio: Gateways to bind. */
  istioGateways?: string[];
  /** Accept what the target cannot say exactly (stated in the output). */
  lossy?: boolean;
}

/** Exports the state; throws FICUS_EXPORT_LOSSY listing what cannot be said, unless `lossy`. */
export function exportManifests(state: ExportState, options: ExportManifestsOptions): ExportResult {
  const plan = planExport(state, { backends: options.backends, comparator: options.comparator });
  // Objects live beside the monolith's Service unless told otherwise: cross-namespace references need grants.
  const namespace = options.namespace ?? plan.monolith.namespace;
  const result =
    options.target === 'istio'
      ? toIstio(plan, { namespace, hosts: options.hosts, gateways: options.istioGateways })
      : toGatewayApi(plan, { namespace, gateway: options.gateway, hostnames: options.hosts });
  const lossy = result.notes.filter((n) => n.lossy);
  if (lossy.length > 0 && !options.lossy) {
    const lines = lossy.map((n) => `  ${n.routeId ?? '*'}: ${formatNote(n).replace(/^LOSSY: /, '')}`);
    throw new ExportError('FICUS_EXPORT_LOSSY', `${lossy.length} thing(s) cannot be said exactly in ${options.target} (--lossy exports anyway, stating them in the output):\n${lines.join('\n')}`);
  }
  assertValidManifests(result.manifests);
  return result;
}

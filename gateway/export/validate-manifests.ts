// Checks every generated object against the published schema of its kind, through the maintained
// models of kubernetes-models-ts (the CRDs' OpenAPI schemas, validated with ajv). An export never
// writes an object its cluster would refuse.
import { HTTPRoute } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute';
import { DestinationRule } from '@kubernetes-models/istio/networking.istio.io/v1beta1/DestinationRule';
import { VirtualService } from '@kubernetes-models/istio/networking.istio.io/v1beta1/VirtualService';
import { ExportError } from './errors.js';
import type { Manifest } from './manifest.js';

type Validatable = { validate(): void };
const MODELS: Record<string, (data: never) => Validatable> = {
  'gateway.networking.k8s.io/v1 HTTPRoute': (d) => new HTTPRoute(d),
  'networking.istio.io/v1beta1 VirtualService': (d) => new VirtualService(d),
  'networking.istio.io/v1beta1 DestinationRule': (d) => new DestinationRule(d),
};

/** What is wrong with an object by its schema (`spec/rules/0/backendRefs/0/weight must be >= 0`), or undefined when it validates. */
export function schemaProblem(object: Record<string, unknown>): string | undefined {
  const key = `${String(object.apiVersion)} ${String(object.kind)}`;
  const model = MODELS[key];
  if (!model) return `no schema known for ${key}`;
  try {
    model(object as never).validate();
    return undefined;
  } catch (err) {
    return (err as Error).message.replace(/\bdata\//g, '');
  }
}

/** Throws FICUS_EXPORT_INVALID_MANIFEST naming the object and the schema's complaint. */
export function assertValidManifests(manifests: readonly Manifest[]): void {
  for (const m of manifests) {
    const problem = schemaProblem(m.object);
    const name = (m.object.metadata as { name?: string } | undefined)?.name;
    if (problem) throw new ExportError('FICUS_EXPORT_INVALID_MANIFEST', `${String(m.object.kind)} ${name}: ${problem}`);
  }
}

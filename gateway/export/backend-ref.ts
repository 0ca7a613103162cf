// Which Kubernetes Service stands for a ficus upstream. A URL whose host is a Service name
// (`catalog`, `catalog.shop`, `catalog.shop.svc.cluster.local`) names it; any other host (an IP,
// localhost, an outside name) cannot, so the upstream's ficus name is used and a note says so.
// `--backend name=service[.namespace]:port` overrides both.

export interface BackendRef {
  name: string;
  namespace?: string;
  port: number;
}

export interface ResolvedBackend {
  ref: BackendRef;
  /** Set when the Service was guessed rather than read from the URL or an override. */
  guessed?: string;
}

const DNS_LABEL = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** `catalog-svc.shop:8080` → `{ name: 'catalog-svc', namespace: 'shop', port: 8080 }`; undefined when malformed. */
export function parseBackendRef(text: string): BackendRef | undefined {
  const m = /^([^:]+):(\d{1,5})$/.exec(text.trim());
  if (!m) return undefined;
  const [name, namespace, ...rest] = m[1].split('.');
  const port = Number(m[2]);
  if (rest.length > 0 || !DNS_LABEL.test(name) || (namespace !== undefined && !DNS_LABEL.test(namespace)) || port < 1 || port > 65535) return undefined;
  return namespace ? { name, namespace, port } : { name, port };
}

/** The Service for the upstream `ficusName` at `url`. */
export function resolveBackend(ficusName: string, url: string, overrides: Readonly<Record<string, BackendRef>>): ResolvedBackend {
  const override = overrides[ficusName];
  if (override) return { ref: override };
  const u = new URL(url);
  const port = Number(u.port) || (u.protocol === 'https:' ? 443 : 80);
  const labels = u.hostname.toLowerCase().split('.');
  const serviceHost =
    labels.every((l) => DNS_LABEL.test(l)) &&
    (labels.length === 1 || labels.length === 2 || (labels.length >= 3 && labels[2] === 'svc' && (labels.length === 3 || labels.slice(3).join('.') === 'cluster.local')));
  if (serviceHost && u.hostname !== 'localhost') {
    return { ref: labels.length > 1 ? { name: labels[0], namespace: labels[1], port } : { name: labels[0], port } };
  }
  const name = toDnsLabel(ficusName);
  return { ref: { name, port }, guessed: `${ficusName}: ${u.host} is not a Kubernetes Service name; using Service "${name}" port ${port} (set --backend ${ficusName}=<service>:<port>)` };
}

/** A Kubernetes object name from a ficus id: lower case, `_` and `.` become `-`. */
export function toDnsLabel(id: string): string {
  const label = id
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return /^[a-z]/.test(label) ? label : `r-${label}`.slice(0, 63);
}

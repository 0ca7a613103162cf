// Everything the templates need to render one service, computed once from the plan and the schema.
import type { TableBuild } from '../kit/db/table-build.js';
import type { SeamRoute } from './read-plan.js';

export interface ScaffoldModel {
  /** The service name: the package name, the gateway service key, the `service` label of its metrics. */
  name: string;
  /** The seam id it was generated from (route ids of the analyzer's draft start with it). */
  seam: string;
  /** The name made safe for file names: "@shop/order-items" → "shop-order-items". */
  slug: string;
  /** PascalCase of the name, for type names: "catalog" → "Catalog". */
  pascal: string;
  routes: SeamRoute[];
  /** The routes grouped by resource ("/api/products/:id" → products), one route module each. */
  resources: Resource[];
  ownedTables: string[];
  /** Builds of the owned tables, parents first; absent when no schema was read (--schema-from). */
  tables?: TableBuild[];
  /** Where the schema was read from (URL without password). */
  schemaSource?: string;
  port: number;
  /** package.json: the ficus dependency (`file:../ficus` or `^0.1.0`) and the dev tools' versions. */
  versions: { ficus: string; node: string; dev: Record<string, string> };
}

export interface Resource {
  /** "products"; "root" for routes with no named segment. */
  name: string;
  /** Module file name without extension, kebab-case. */
  file: string;
  /** Exported function: "registerProductsRoutes". */
  register: string;
  routes: SeamRoute[];
}

/** "order-items" → "OrderItems". */
export function toPascal(name: string): string {
  const pascal = name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
  return /^[A-Za-z]/.test(pascal) ? pascal : `S${pascal}`;
}

/** Lower case letters, digits and single dashes: "Order Items/v2" → "order-items-v2". */
export function toSlug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'x';
}

/** A TypeScript string literal. */
export function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * The resource a route path belongs to: its last literal segment, so a nested collection is its own
 * resource (`/api/orders/:id/shipments` → shipments, `/api/shipping/rates` → rates); `api` and `v2` are not resources.
 */
export function resourceOf(routePath: string): string {
  const literal = routePath
    .split('/')
    .filter((s) => s && !/^[:*{(]/.test(s) && s !== 'api' && !/^v\d+$/.test(s));
  return literal.length ? toSlug(literal[literal.length - 1]) : 'root';
}

/** Routes grouped by resource, in the order their first route appears. */
export function groupResources(routes: SeamRoute[]): Resource[] {
  const groups = new Map<string, SeamRoute[]>();
  for (const r of routes) {
    const name = resourceOf(r.path);
    groups.set(name, [...(groups.get(name) ?? []), r]);
  }
  return [...groups].map(([name, rs]) => ({ name, file: name, register: `register${toPascal(name)}Routes`, routes: rs }));
}

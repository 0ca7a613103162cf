// Everything the templates need to render one service, computed once from the plan and the schema.
import type { TableBuild } from '../kit/db/table-build.js';
import type { SeamRoute } from './read-plan.js';

export interface ScaffoldModel {
  /** The seam id, used as the service name, the gateway service key and the route id prefix. */
  name: string;
  /** The name made safe for file names and route ids: "Order Items" → "order-items". */
  slug: string;
  /** PascalCase of the name, for type names: "catalog" → "Catalog". */
  pascal: string;
  /** Import specifier of services/kit/index.js relative to the generated directory. */
  kitImport: string;
  routes: SeamRoute[];
  ownedTables: string[];
  /** Builds of the owned tables, parents first; absent when no schema was read (--schema-from). */
  tables?: TableBuild[];
  /** Where the schema was read from (URL without password). */
  schemaSource?: string;
  port: number;
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

// gateway.draft.yaml: a gateway config (DESIGN.md schema) that routes every route of the top-ranked
// seam through the gateway in `monolith` mode, ready to move to `shadow` once the service runs.
// The analyzer never imports the gateway: the draft is checked against the real validator in tests.
import { pathToRegexp } from 'path-to-regexp';
import { Document } from 'yaml';
import type { Report, ReportSeam } from '../types.js';
import { writtenTablesOfRoutes } from './route-tables.js';

export const PLACEHOLDER_MONOLITH_URL = 'http://127.0.0.1:3000';
export const PLACEHOLDER_SERVICE_URL = 'http://127.0.0.1:4001';

export interface GatewayDraftOptions {
  seam?: string; // draft for this seam instead of the top-ranked one
}

/** Renders the draft YAML for the top-ranked seam (or `options.seam`). */
export function renderGatewayDraft(report: Report, options: GatewayDraftOptions = {}): string {
  const seam = pickSeam(report, options.seam);
  const notes: string[] = [];
  const routes = seam ? draftRouteEntries(seam.id, seam.routes, notes, writtenTablesOfRoutes(report, seam.id)) : [];
  const config = {
    listen: { host: '127.0.0.1', port: 8080 },
    monolith: { url: PLACEHOLDER_MONOLITH_URL },
    services: seam ? { [seam.id]: { url: PLACEHOLDER_SERVICE_URL, timeoutMs: 5000 } } : {},
    store: { url: 'sqlite:.ficus/gateway.db' },
    routes,
  };
  const doc = new Document(config);
  doc.commentBefore = [
    ` Draft gateway config written by \`ficus analyze\` for ${report.root}.`,
    seam
      ? ` Seam "${seam.id}" (extraction order ${seam.extractionOrder}): ${seam.routes.length} route(s), all in monolith mode.`
      : ' No seam was found, so there are no routes yet.',
    ' Replace the placeholder URLs, then move routes to shadow: `ficus cutover <route-id> --mode shadow`.',
    ...notes.map((n) => ` ${n}`),
  ].join('\n');
  return doc.toString({ lineWidth: 0 });
}

function pickSeam(report: Report, id: string | undefined): ReportSeam | undefined {
  const ranked = [...report.seams].sort((a, b) => a.extractionOrder - b.extractionOrder);
  return id ? ranked.find((s) => s.id === id) : ranked[0];
}

export interface DraftRouteEntry {
  id: string;
  match: { methods?: string[]; path: string };
  service: string;
  mode: 'monolith';
  /** On a write route: the tables it writes, for the gateway's data sync guard. */
  tables?: string[];
}

/**
 * The draft's gateway routes for a seam's routes ("GET /api/products/:id"): one per method, so reads and
 * writes move separately, with ids `<seam>-<method>-<path slug>`. `ficus new-service` writes the same ids.
 * The gateway tries routes in file order and the first match wins, so catch-alls (`/*`, `*rest`) go after
 * every specific route they would shadow, the longer prefix first; the rest keep the order given.
 * `writtenTables` ("POST /api/products" → tables) puts `tables:` on the write routes that write any.
 */
export function draftRouteEntries(seam: string, seamRoutes: string[], notes: string[] = [], writtenTables = new Map<string, string[]>()): DraftRouteEntry[] {
  const entries = seamRoutes.map((route) => toRouteEntry(route, seam, notes, writtenTables.get(route) ?? []));
  const wildcard = (e: DraftRouteEntry) => e.match.path.includes('*');
  const prefixLength = (e: DraftRouteEntry) => e.match.path.search(/[:*{]/);
  const routes = [...entries.filter((e) => !wildcard(e)), ...entries.filter(wildcard).sort((a, b) => prefixLength(b) - prefixLength(a))];
  dedupeIds(routes);
  return routes;
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

function toRouteEntry(route: string, seam: string, notes: string[], writes: string[]): DraftRouteEntry {
  const space = route.indexOf(' ');
  const method = route.slice(0, space).toUpperCase();
  const expressPath = route.slice(space + 1);
  const path = toGatewayPath(expressPath);
  if (path !== expressPath) notes.push(`${method} ${expressPath} → ${path}`);
  const methods = method === 'GET' ? ['GET', 'HEAD'] : METHODS.has(method) ? [method] : undefined; // ALL/USE: every method
  const isWrite = method !== 'GET' && method !== 'HEAD';
  return {
    id: `${seam}-${method.toLowerCase()}-${slug(expressPath)}`,
    match: { ...(methods ? { methods } : {}), path },
    service: seam,
    mode: 'monolith',
    ...(isWrite && writes.length ? { tables: [...writes] } : {}), // a copy: shared arrays become YAML aliases
  };
}

/**
 * Express path → gateway pattern (path-to-regexp v8): `:id(\\d+)` → `:id`, `/:id?` → `{/:id}`,
 * a bare `*` → `*rest`; anything still invalid falls back to its static prefix plus `/*`.
 */
export function toGatewayPath(expressPath: string): string {
  let path = expressPath.startsWith('/') ? expressPath : `/${expressPath}`;
  path = path.replace(/(:[A-Za-z_$][\w$]*)\((?:\\.|[^()])*\)/g, '$1'); // drop inline regexes
  path = path.replace(/\/(:[A-Za-z_$][\w$]*)\?/g, '{/$1}'); // optional parameters
  let star = 0;
  path = path.replace(/\*(?![A-Za-z_$])/g, () => `*rest${star++ || ''}`);
  if (path.endsWith('/*rest') && star === 1) path = `${path.slice(0, -'/*rest'.length)}/*`; // the gateway's prefix form
  try {
    pathToRegexp(path.endsWith('/*') ? `${path.slice(0, -2)}{/*rest}` : path);
    return path;
  } catch {
    const cut = path.search(/[:*{(?+]/);
    const prefix = path.slice(0, cut < 0 ? path.length : cut).replace(/\/[^/]*$/, '');
    return `${prefix}/*`;
  }
}

function slug(path: string): string {
  const s = path
    .toLowerCase()
    .replace(/:([a-z0-9_]+)/g, 'by-$1')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return s || 'root';
}

function dedupeIds(routes: DraftRouteEntry[]): void {
  const seen = new Map<string, number>();
  for (const r of routes) {
    const n = (seen.get(r.id) ?? 0) + 1;
    seen.set(r.id, n);
    if (n > 1) r.id = `${r.id}-${n}`;
  }
}

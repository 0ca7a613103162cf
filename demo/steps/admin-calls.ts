// The admin API calls and traffic the steps make, on the gateway an earlier step started.
import { callAdmin } from '../../gateway/admin/call-admin.js';
import type { ChangeOutcome } from '../../gateway/admin/route-control.js';
import type { RouteDiffs } from '../../gateway/admin/shadow-evidence.js';
import { sampleUrl, type SentRequest } from '../traffic.js';
import { need, type DemoContext } from './demo-context.js';

export function diffsOf(ctx: DemoContext, id: string): Promise<RouteDiffs> {
  return callAdmin<RouteDiffs>(need(ctx.admin, 'the gateway'), 'GET', `/api/routes/${encodeURIComponent(id)}/diffs`);
}

export function cutover(ctx: DemoContext, id: string, body: object): Promise<ChangeOutcome> {
  return callAdmin<ChangeOutcome>(need(ctx.admin, 'the gateway'), 'PATCH', `/api/routes/${encodeURIComponent(id)}`, body);
}

/** `perRoute` requests to every read route, sample ids from `offset` on. */
export function trafficFor(ctx: DemoContext, perRoute: number, offset = 0, headers?: Record<string, string>): SentRequest[] {
  return Array.from({ length: perRoute }, (_, i) => ctx.readRoutes.map((r) => ({ path: sampleUrl(r.path, offset + i), headers }))).flat();
}

/** Polls every read route's diffs until each has `want` comparisons or the counts stop moving. */
export async function awaitComparisons(ctx: DemoContext, want: number): Promise<Map<string, RouteDiffs>> {
  const deadline = Date.now() + 30_000;
  let last = '';
  let still = 0;
  for (;;) {
    const all = new Map(await Promise.all(ctx.readRoutes.map(async (r) => [r.id, await diffsOf(ctx, r.id)] as const)));
    const counts = [...all.values()].map((d) => d.compared).join(',');
    if ([...all.values()].every((d) => d.compared >= want)) return all;
    still = counts === last ? still + 1 : 0;
    last = counts;
    if (still >= 10 || Date.now() > deadline) return all; // settled below `want`: the caller decides
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The route of `path` among `routes` (the product page when there is one), for the single-route checks. */
export function routeOf(routes: DemoContext['readRoutes'], path: string): DemoContext['readRoutes'][number] {
  return need(routes.find((r) => r.path === path) ?? routes[0], `a route for ${path}`);
}

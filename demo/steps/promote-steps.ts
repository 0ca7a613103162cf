// Steps 10 and 11: the reads promoted through the guard, to a sticky canary and then to the service.
import { check, type DemoStep } from '../run-steps.js';
import { formatCounts, sampleUrl, sendTraffic } from '../traffic.js';
import { cutover, routeOf, trafficFor } from './admin-calls.js';
import { need, type DemoContext } from './demo-context.js';

export function canaryStep(ctx: DemoContext): DemoStep {
  const { canaryPercent } = ctx.options;
  return {
    title: `Promote to a sticky canary: ${canaryPercent}% of users to the service`,
    run: async (say) => {
      for (const r of ctx.readRoutes) {
        const out = await cutover(ctx, r.id, { mode: 'canary', percent: canaryPercent, reason: 'demo: shadow diffs are clean' });
        check(out.state.mode === 'canary', `${r.id} is ${out.state.mode}`);
      }
      say(`${ctx.readRoutes.length} routes shadow → canary ${canaryPercent}% (the guard checked each route's evidence)`);
      const users = Array.from({ length: 40 }, (_, u) => `user-${String(u + 1).padStart(2, '0')}`);
      const route = routeOf(ctx.readRoutes, '/api/products/:id');
      const visits = users.flatMap((u) => [0, 1, 2].map((k) => ({ path: sampleUrl(route.path, k * 7 + 1), headers: { 'x-user-id': u } })));
      const t = await sendTraffic(need(ctx.gatewayUrl, 'the gateway'), visits);
      check(t.failed === 0 && (t.byStatus['200'] ?? 0) === visits.length, `canary answers: ${formatCounts(t.byStatus)}`);
      const backendOf = new Map<string, Set<string>>();
      visits.forEach((v, i) => backendOf.set(v.headers['x-user-id'], (backendOf.get(v.headers['x-user-id']) ?? new Set()).add(t.answers[i].backend)));
      const switched = users.filter((u) => backendOf.get(u)!.size !== 1);
      const onService = users.filter((u) => backendOf.get(u)!.has('service')).length;
      say(`${users.length} users × 3 requests to ${route.path}: ${onService} users on the service, ${users.length - onService} on the monolith`);
      check(switched.length === 0, `users switched backend between requests: ${switched.join(', ')}`);
      check(onService > 0 && onService < users.length, `a ${canaryPercent}% canary sent ${onService} of ${users.length} users to the service`);
      return 'a share of users gets the service, and each user keeps the same backend on every request (sticky on x-user-id)';
    },
  };
}

export function promoteReadsStep(ctx: DemoContext): DemoStep {
  return {
    title: 'Promote to service: the catalog now answers every catalog read',
    run: async (say) => {
      const gateway = need(ctx.gatewayUrl, 'the gateway');
      const monolith = need(ctx.monolith, 'the monolith').url;
      for (const r of ctx.readRoutes) {
        const out = await cutover(ctx, r.id, { mode: 'service', reason: 'demo: canary healthy' });
        check(out.state.mode === 'service', `${r.id} is ${out.state.mode}`);
      }
      const t = await sendTraffic(gateway, trafficFor(ctx, 3, 500));
      say(`${t.sent} requests: answered by ${formatCounts(t.byBackend)}, ${formatCounts(t.byStatus)}`);
      check(t.failed === 0 && Object.keys(t.byBackend).join() === 'service', `after cutover the answers came from ${formatCounts(t.byBackend)}`);
      const same = await Promise.all(
        ['/api/products/42', '/api/categories/3/products?limit=5', '/api/search?q=smart'].map(async (url) => {
          const [viaGateway, direct] = await Promise.all([fetch(gateway + url).then((r) => r.json()), fetch(monolith + url).then((r) => r.json())]);
          return JSON.stringify(dropPerCall(viaGateway)) === JSON.stringify(dropPerCall(direct));
        }),
      );
      check(same.every(Boolean), 'an answer from the service differs from the monolith’s');
      say('spot check: the service’s answers equal the monolith’s, generatedAt/requestId aside');
      return 'the catalog reads are strangled: the monolith no longer serves them, and clients see no difference';
    },
  };
}

function dropPerCall(body: unknown): unknown {
  if (body === null || typeof body !== 'object') return body;
  const { generatedAt: _g, requestId: _r, ...rest } = body as Record<string, unknown>;
  return rest;
}

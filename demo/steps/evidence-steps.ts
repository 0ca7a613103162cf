// Steps 8 and 9: real traffic through the gateway, every read compared, and the diffs read.
import { formatRate, formatTable } from '../../common/format-table.js';
import type { RouteDiffs } from '../../gateway/admin/shadow-evidence.js';
import { check, type DemoStep } from '../run-steps.js';
import { formatCounts, sendTraffic } from '../traffic.js';
import { awaitComparisons, diffsOf, trafficFor } from './admin-calls.js';
import { need, type DemoContext } from './demo-context.js';

const NOISE_FIELDS = ['$.generatedAt', '$.requestId'];

export function sendTrafficStep(ctx: DemoContext): DemoStep {
  return {
    title: 'Send real traffic through the gateway (loopback, bounded)',
    run: async (say) => {
      const perRoute = ctx.options.minSamples;
      let sent = 0;
      const byBackend: Record<string, number> = {};
      const byStatus: Record<string, number> = {};
      let diffs = new Map<string, RouteDiffs>();
      for (let round = 0; round < 3; round++) {
        const t = await sendTraffic(need(ctx.gatewayUrl, 'the gateway'), trafficFor(ctx, perRoute, 2 + round * perRoute));
        check(t.failed === 0, `${t.failed} requests got no answer`);
        sent += t.sent;
        for (const [k, v] of Object.entries(t.byBackend)) byBackend[k] = (byBackend[k] ?? 0) + v;
        for (const [k, v] of Object.entries(t.byStatus)) byStatus[k] = (byStatus[k] ?? 0) + v;
        diffs = await awaitComparisons(ctx, perRoute);
        if ([...diffs.values()].every((d) => d.compared >= perRoute)) break;
        say(`some copies were not compared yet (the gateway sheds shadow work under load); sending another round`);
      }
      say(`${sent} requests, answers ${formatCounts(byStatus)}, answered by ${formatCounts(byBackend)}`);
      check(Object.keys(byBackend).join() === 'monolith', `shadow answers must all come from the monolith (got ${formatCounts(byBackend)})`);
      const short = ctx.readRoutes.filter((r) => (diffs.get(r.id)?.compared ?? 0) < perRoute);
      check(short.length === 0, `too few comparisons for ${short.map((r) => `${r.id} (${diffs.get(r.id)?.compared ?? 0})`).join(', ')}`);
      return 'every client was answered by the monolith while each request was also compared against the service';
    },
  };
}

export function readDiffsStep(ctx: DemoContext): DemoStep {
  return {
    title: 'Read the shadow diffs (ficus diffs <route>)',
    run: async (say) => {
      const all = await Promise.all(ctx.readRoutes.map((r) => diffsOf(ctx, r.id)));
      const rows = all.map((d) => {
        const real = d.fields.filter((f) => !f.noise);
        const noise = d.fields.filter((f) => f.noise).map((f) => f.path);
        return [d.route, String(d.compared), String(d.matched), formatRate(d.matchRate), real.map((f) => `${f.path} (${f.count})`).join(' ') || 'none', noise.join(' ') || '-'];
      });
      say(formatTable(['ROUTE', 'COMPARED', 'MATCHED', 'MATCH', 'REAL DIFFERENCES', 'NOISE'], rows, new Set([1, 2, 3])).trimEnd());
      const real = all.flatMap((d) => d.fields.filter((f) => !f.noise).map((f) => `${d.route} ${f.path} ×${f.count}`));
      check(real.length === 0, `real differences between the monolith and the service: ${real.join(', ')}`);
      const noiseSeen = new Set(all.flatMap((d) => d.fields.filter((f) => f.noise).map((f) => f.path)));
      const unseen = NOISE_FIELDS.filter((f) => !noiseSeen.has(f));
      check(unseen.length === 0, `${unseen.join(', ')} were not recognised as noise`);
      const generated = all.map((d) => d.fields.find((f) => f.path === '$.generatedAt')).filter((f) => f !== undefined);
      say(`noise: ${NOISE_FIELDS.join(' and ')} differ on every call, and also between two calls to the monolith itself ` + `(${generated.reduce((n, f) => n + f.noiseCount, 0)} monolith-vs-monolith differences), so they do not count`);
      return 'the service answers like the monolith: noise told apart, no real difference';
    },
  };
}

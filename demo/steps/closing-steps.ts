// The last two steps: the audit log, and stopping everything the demo started.
import { callAdmin } from '../../gateway/admin/call-admin.js';
import { formatTable } from '../../common/format-table.js';
import type { RouteEvent } from '../../gateway/store/route-events-store.js';
import { check, type DemoStep } from '../run-steps.js';
import { formatCounts } from '../traffic.js';
import { routeOf } from './admin-calls.js';
import { need, type DemoContext } from './demo-context.js';

export function auditLogStep(ctx: DemoContext): DemoStep {
  return {
    title: 'Show the audit log (ficus events)',
    run: async (say) => {
      const { events } = await callAdmin<{ events: (RouteEvent & { time: string })[] }>(need(ctx.admin, 'the gateway'), 'GET', '/api/events?limit=200');
      const where = (s: { mode: string; percent: number }) => (s.mode === 'canary' ? `canary ${s.percent}%` : s.mode);
      const shown = [routeOf(ctx.readRoutes, '/api/products/:id'), routeOf(ctx.writeRoutes, '/api/products/:id')];
      const mine = events.filter((e) => shown.some((r) => r.id === e.routeId)).reverse();
      say(formatTable(['TIME', 'ROUTE', 'ACTION', 'FROM → TO', 'WHO', 'WHY'], mine.map((e) => [e.time, e.routeId, e.forced ? `${e.action} (forced)` : e.action, `${where(e.from)} → ${where(e.to)}`, e.who, e.why])).trimEnd());
      const byAction: Record<string, number> = {};
      for (const e of events) byAction[e.action] = (byAction[e.action] ?? 0) + 1;
      say(`all routes: ${events.length} events (${formatCounts(byAction)})`);
      const [read, write] = shown.map((r) => mine.filter((e) => e.routeId === r.id));
      check(read.some((e) => e.action === 'refused'), 'the refused promotion is missing from the audit log');
      check(write.some((e) => e.action === 'refused'), 'the refused write move is missing from the audit log');
      for (const r of [read, write]) check(r.at(-1)?.to.mode === 'service', 'the last event does not move the route to service');
      return 'every change, and each refusal, is recorded with who, when and why';
    },
  };
}

export function shutdownStep(ctx: DemoContext): DemoStep {
  return {
    title: 'Shut everything down',
    run: async (say) => {
      const ports = [ctx.monolith?.url, ctx.catalog?.url, ctx.gatewayUrl, ctx.admin?.url].filter((u) => u !== undefined);
      const results = await ctx.cleanup.run();
      for (const r of results) say(`${r.name}: ${r.detail}`);
      check(results.every((r) => r.ok), `could not stop ${results.filter((r) => !r.ok).map((r) => r.name).join(', ')}`);
      const unclean = results.filter((r) => /exit/.test(r.detail) && r.detail !== 'exit 0');
      check(unclean.length === 0, `unclean exits: ${unclean.map((r) => `${r.name} ${r.detail}`).join(', ')}`);
      const open = (await Promise.all(ports.map(async (u) => ((await fetch(`${u}/healthz`).then(() => true, () => false)) ? u : '')))).filter(Boolean);
      check(open.length === 0, `still answering: ${open.join(', ')}`);
      return 'nothing is left running: every process exited cleanly and every port is closed';
    },
  };
}

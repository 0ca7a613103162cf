// `ficus diffs <id> [--json] [--reset [--reason "..."]]`: the shadow comparison of a route, field by
// field, for the current window and epoch with all-time totals beside it; `--reset` starts a new epoch.
import type { Command } from 'commander';
import type { RouteDiffs } from '../../gateway/admin/shadow-evidence.js';
import { addAdminOptions, callAdmin, resolveAdminTarget } from '../admin-client.js';
import { formatRate, formatTable } from '../../common/format-table.js';

const ms = (x: number | null): string => (x === null ? '-' : `${x} ms`);

/** Registers `ficus diffs`. */
export function register(program: Command): Command {
  const cmd = program
    .command('diffs')
    .description('show the shadow differences of a route: compared, matched, latency, and each differing field with its noise verdict')
    .argument('<route>', 'route id')
    .option('--json', 'print the admin API answer as JSON')
    .option('--reset', "start the route's shadow evidence over (e.g. after deploying a fix); audited")
    .option('--reason <text>', 'why, for the audit log (with --reset)');
  return addAdminOptions(cmd).action(async (routeId: string, opts: { json?: boolean; reset?: boolean; reason?: string; adminUrl?: string; token?: string }) => {
    const target = resolveAdminTarget(opts);
    const path = `/api/routes/${encodeURIComponent(routeId)}`;
    if (opts.reset) {
      const out = await callAdmin<{ epoch: { id: number; version: string | null } }>(target, 'POST', `${path}/evidence/reset`, { reason: opts.reason });
      if (opts.json) process.stdout.write(JSON.stringify(out, null, 2) + '\n');
      else process.stdout.write(`${routeId}: shadow evidence starts over (epoch ${out.epoch.id}${out.epoch.version ? `, version ${out.epoch.version}` : ''})\n`);
      return;
    }
    const d = await callAdmin<RouteDiffs>(target, 'GET', `${path}/diffs`);
    if (opts.json) {
      process.stdout.write(JSON.stringify(d, null, 2) + '\n');
      return;
    }
    const epoch = d.epoch.id === 0 ? 'since the start' : `epoch ${d.epoch.id} (${d.epoch.cause}${d.epoch.version ? `, version ${d.epoch.version}` : ''}, since ${d.epoch.startedAtIso})`;
    const window = d.window.setting === null ? '' : `, window ${d.window.setting}`;
    process.stdout.write(`${d.route}: ${d.compared} compared, ${d.matched} matched, ${d.mismatched} mismatched (match rate ${formatRate(d.matchRate)}) — ${epoch}${window}\n`);
    process.stdout.write(`  all time: ${d.allTime.compared} compared, ${d.allTime.matched} matched (match rate ${formatRate(d.allTime.matchRate)})\n`);
    if (d.epoch.flapping) process.stdout.write(`  the service's version header changed ${d.epoch.recentVersionEpochs} times in 5 minutes: promotion is refused until it settles\n`);
    const { monolith, service, ratio } = d.latency;
    if (monolith.count + service.count > 0) {
      process.stdout.write(`  latency p50/p95/p99: monolith ${ms(monolith.p50)} / ${ms(monolith.p95)} / ${ms(monolith.p99)}, service ${ms(service.p50)} / ${ms(service.p95)} / ${ms(service.p99)} (p95 ratio ${ratio.p95 ?? '-'})\n`);
    }
    if (d.fields.length === 0) {
      process.stdout.write('no differing fields\n');
      return;
    }
    const rows = d.fields.map((f) => [f.path, f.kind, String(f.count), String(f.noiseCount), f.noise ? 'noise' : 'real', String(f.examples?.length ?? 0)]);
    process.stdout.write(formatTable(['FIELD', 'KIND', 'COUNT', 'NOISE COUNT', 'VERDICT', 'EXAMPLES'], rows, new Set([2, 3, 5])));
  });
}

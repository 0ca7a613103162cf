// `ficus diffs <id> [--json]`: the shadow comparison of a route, field by field.
import type { Command } from 'commander';
import type { RouteDiffs } from '../../gateway/admin/shadow-evidence.js';
import { addAdminOptions, callAdmin, resolveAdminTarget } from '../admin-client.js';
import { formatRate, formatTable } from '../format-table.js';

/** Registers `ficus diffs`. */
export function register(program: Command): Command {
  const cmd = program
    .command('diffs')
    .description('show the shadow differences of a route: compared, matched, and each differing field with its noise verdict')
    .argument('<route>', 'route id')
    .option('--json', 'print the admin API answer as JSON');
  return addAdminOptions(cmd).action(async (routeId: string, opts: { json?: boolean; adminUrl?: string; token?: string }) => {
    const d = await callAdmin<RouteDiffs>(resolveAdminTarget(opts), 'GET', `/api/routes/${encodeURIComponent(routeId)}/diffs`);
    if (opts.json) {
      process.stdout.write(JSON.stringify(d, null, 2) + '\n');
      return;
    }
    process.stdout.write(`${d.route}: ${d.compared} compared, ${d.matched} matched, ${d.mismatched} mismatched (match rate ${formatRate(d.matchRate)})\n`);
    if (d.fields.length === 0) {
      process.stdout.write('no differing fields\n');
      return;
    }
    const rows = d.fields.map((f) => [f.path, f.kind, String(f.count), String(f.noiseCount), f.noise ? 'noise' : 'real', String(f.examples?.length ?? 0)]);
    process.stdout.write(formatTable(['FIELD', 'KIND', 'COUNT', 'NOISE COUNT', 'VERDICT', 'EXAMPLES'], rows, new Set([2, 3, 5])));
  });
}

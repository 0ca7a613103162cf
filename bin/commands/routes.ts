// `ficus routes`: where every route stands, from the admin API of a running gateway.
import type { Command } from 'commander';
import type { RouteView } from '../../gateway/admin/route-view.js';
import type { ServiceView } from '../../gateway/admin/services-api.js';
import { addAdminOptions, callAdmin, resolveAdminTarget } from '../admin-client.js';
import { formatRate, formatTable } from '../../common/format-table.js';

/** Registers `ficus routes [--json]`. */
export function register(program: Command): Command {
  const cmd = program
    .command('routes')
    .description('list the routes of a running gateway (mode, percent, source, traffic, error rate, shadow match rate) and the instances of its services')
    .option('--json', 'print the admin API answer as JSON');
  return addAdminOptions(cmd).action(async (opts: { json?: boolean; adminUrl?: string; token?: string }) => {
    const target = resolveAdminTarget(opts);
    const [{ routes }, { services }] = await Promise.all([
      callAdmin<{ routes: RouteView[] }>(target, 'GET', '/api/routes'),
      callAdmin<{ services: ServiceView[] }>(target, 'GET', '/api/services'),
    ]);
    if (opts.json) {
      process.stdout.write(JSON.stringify({ routes, services }, null, 2) + '\n');
      return;
    }
    const rows = routes.map((r) => [
      r.id,
      r.mode,
      r.mode === 'canary' ? `${r.percent}%` : '-',
      r.source,
      r.service ?? '-',
      String(r.requests.monolith),
      String(r.requests.service),
      formatRate(r.errorRate),
      formatRate(r.shadow.matchRate),
      String(r.shadow.compared),
      r.updatedBy ?? '-',
    ]);
    const headers = ['ROUTE', 'MODE', 'PERCENT', 'SOURCE', 'SERVICE', 'TO MONOLITH', 'TO SERVICE', 'ERROR RATE', 'SHADOW MATCH', 'SAMPLES', 'CHANGED BY'];
    process.stdout.write(formatTable(headers, rows, new Set([2, 5, 6, 7, 8, 9])));
    const instances = services.flatMap((s) =>
      s.instances.map((i) => [s.name, i.url, i.state, String(i.inFlight), String(i.ejections), i.ejectedUntil ?? '-']),
    );
    if (instances.length === 0) return;
    process.stdout.write('\n' + formatTable(['SERVICE', 'INSTANCE', 'STATE', 'IN FLIGHT', 'EJECTIONS', 'EJECTED UNTIL'], instances, new Set([3, 4])));
  });
}

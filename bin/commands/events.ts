// `ficus events [--route id] [--limit n] [--json]`: the audit log, newest first, automatic rollbacks included.
import type { Command } from 'commander';
import type { RouteEvent } from '../../gateway/store/route-events-store.js';
import { addAdminOptions, callAdmin, resolveAdminTarget } from '../admin-client.js';
import { where } from '../describe-change.js';
import { formatTable } from '../../common/format-table.js';
import { integerOption } from '../parse-integer.js';


/** Registers `ficus events`. */
export function register(program: Command): Command {
  const cmd = program
    .command('events')
    .description('show the audit log of route changes: when, which route, from → to, who and why')
    .option('--route <id>', 'only this route')
    .option('--limit <n>', 'how many, newest first', integerOption(1, 1000), 50)
    .option('--json', 'print the admin API answer as JSON');
  return addAdminOptions(cmd).action(async (opts: { route?: string; limit: number; json?: boolean; adminUrl?: string; token?: string }) => {
    const query = new URLSearchParams({ limit: String(opts.limit), ...(opts.route ? { route: opts.route } : {}) });
    const { events } = await callAdmin<{ events: Array<RouteEvent & { time: string }> }>(resolveAdminTarget(opts), 'GET', `/api/events?${query}`);
    if (opts.json) {
      process.stdout.write(JSON.stringify({ events }, null, 2) + '\n');
      return;
    }
    if (events.length === 0) {
      process.stdout.write('no route changes recorded\n');
      return;
    }
    const rows = events.map((e) => [e.time, e.routeId, e.action + (e.forced ? ' (forced)' : ''), `${where(e.from)} → ${where(e.to)}`, e.who, e.why]);
    process.stdout.write(formatTable(['TIME', 'ROUTE', 'ACTION', 'FROM → TO', 'WHO', 'WHY'], rows));
  });
}

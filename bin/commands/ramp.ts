// `ficus ramp status [route] | pause <route> | resume <route> | abort <route>`: progressive ramps
// (started with `ficus cutover <route> --ramp 1,5,25,50,100 --hold 300`).
import type { Command } from 'commander';
import type { RampView } from '../../gateway/admin/ramps.js';
import { CodedError } from '../../common/coded-error.js';
import { addAdminOptions, callAdmin, resolveAdminTarget } from '../admin-client.js';
import { formatTable } from '../../common/format-table.js';

type Opts = { json?: boolean; reason?: string; adminUrl?: string; token?: string };

/** One line per ramp: `catalog-products running at 25% (step 3 of 5, 120s left)`. */
export function describeRamp(r: RampView): string {
  const where = `${r.percent}% (step ${r.stepIndex + 1} of ${r.steps.length}: ${r.steps.join(' → ')}, ${r.holdS}s holds)`;
  const left = r.holdRemainingS === null ? '' : `, ${r.holdRemainingS}s left in this hold`;
  return `${r.routeId}: ${r.status} at ${where}${left}${r.why ? ` — ${r.why}` : ''}`;
}

/** Registers `ficus ramp`. */
export function register(program: Command): Command {
  const cmd = program
    .command('ramp')
    .description('show or steer progressive ramps: status [route] | pause <route> | resume <route> | abort <route>')
    .argument('<action>', 'status, pause, resume or abort')
    .argument('[route]', 'route id (all ramps for status)')
    .option('--json', 'print the admin API answer as JSON')
    .option('--reason <text>', 'why, for the audit log (abort)');
  return addAdminOptions(cmd).action(async (action: string, routeId: string | undefined, opts: Opts) => {
    const target = resolveAdminTarget(opts);
    if (action === 'status') {
      const ramps = routeId
        ? [(await callAdmin<{ ramp: RampView | null }>(target, 'GET', `/api/routes/${encodeURIComponent(routeId)}/ramp`)).ramp].filter((r): r is RampView => r !== null)
        : (await callAdmin<{ ramps: RampView[] }>(target, 'GET', '/api/ramps')).ramps;
      if (opts.json) return void process.stdout.write(JSON.stringify({ ramps }, null, 2) + '\n');
      if (ramps.length === 0) return void process.stdout.write(routeId ? `${routeId}: no ramp\n` : 'no ramps\n');
      const rows = ramps.map((r) => [r.routeId, r.status, `${r.percent}%`, `${r.stepIndex + 1}/${r.steps.length}`, r.steps.join(','), String(r.holdS), r.holdRemainingS === null ? '-' : String(r.holdRemainingS), r.why ?? '']);
      return void process.stdout.write(formatTable(['ROUTE', 'STATUS', 'AT', 'STEP', 'STEPS', 'HOLD S', 'LEFT S', 'WHY'], rows, new Set([2, 5, 6])));
    }
    if (!['pause', 'resume', 'abort'].includes(action)) throw new CodedError('FICUS_CLI_USAGE', `unknown ramp action "${action}": use status, pause, resume or abort`);
    if (!routeId) throw new CodedError('FICUS_CLI_USAGE', `ramp ${action} needs a route id`);
    const { ramp } = await callAdmin<{ ramp: RampView }>(target, 'POST', `/api/routes/${encodeURIComponent(routeId)}/ramp/${action}`, { reason: opts.reason });
    process.stdout.write((opts.json ? JSON.stringify({ ramp }, null, 2) : describeRamp(ramp)) + '\n');
  });
}

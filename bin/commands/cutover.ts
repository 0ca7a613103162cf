// `ficus cutover <id> --mode <m> [--percent n] [--force] [--reason "..."]`: move a route, guarded.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { MODES } from '../../gateway/config/schema.js';
import type { ChangeOutcome } from '../../gateway/admin/route-control.js';
import { CodedError } from '../../common/coded-error.js';
import { addAdminOptions, callAdmin, resolveAdminTarget } from '../admin-client.js';
import { describeChange } from '../describe-change.js';
import type { RampView } from '../../gateway/admin/ramps.js';
import { describeRamp } from './ramp.js';
import { integerOption } from '../parse-integer.js';

function parsePercent(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) throw new InvalidArgumentError('must be a number from 0 to 100');
  return n;
}

function parseSteps(value: string): number[] {
  const steps = value.split(',').map((x) => Number(x.trim()));
  if (steps.some((n) => !Number.isFinite(n))) throw new InvalidArgumentError('must be percents separated by commas, e.g. 1,5,25,50,100');
  return steps; // the admin API checks they increase and stay within 100
}

interface CutoverOptions {
  ramp?: number[] | true;
  hold?: number;
  mode?: string;
  percent?: number;
  force?: boolean;
  reason?: string;
  reset?: boolean;
  json?: boolean;
  adminUrl?: string;
  token?: string;
}

/** Registers `ficus cutover`. */
export function register(program: Command): Command {
  const cmd = program
    .command('cutover')
    .description('move a route between monolith, shadow, canary and service (refused without enough shadow evidence unless --force)')
    .argument('<route>', 'route id')
    .addOption(new Option('--mode <mode>', 'target mode').choices(MODES))
    .option('--percent <n>', 'canary share sent to the service (0-100)', parsePercent)
    .option('--force', 'promote even without enough shadow evidence (audited as forced)')
    .option('--reason <text>', 'why, for the audit log')
    .option('--reset', 'drop the runtime state: the route goes back to what the config file says')
    .option('--ramp [steps]', "ramp through canary percents on its own (e.g. 1,5,25,50,100; alone: the route's ramp config)", parseSteps)
    .option('--hold <seconds>', 'seconds to hold each ramp step (default: the route config, else 300)', integerOption(1, undefined, 'seconds'))
    .option('--json', 'print the admin API answer as JSON');
  return addAdminOptions(cmd).action(async (routeId: string, opts: CutoverOptions) => {
    if (opts.ramp !== undefined) {
      const { ramp } = await callAdmin<{ ramp: RampView }>(resolveAdminTarget(opts), 'POST', `/api/routes/${encodeURIComponent(routeId)}/ramp`, {
        steps: opts.ramp === true ? undefined : opts.ramp,
        holdS: opts.hold,
        reason: opts.reason,
      });
      process.stdout.write((opts.json ? JSON.stringify({ ramp }, null, 2) : describeRamp(ramp)) + '\n');
      return;
    }
    if (!opts.reset && opts.mode === undefined && opts.percent === undefined) {
      throw new CodedError('FICUS_CLI_USAGE', 'cutover needs --mode <mode> (and --percent for canary), --ramp, or --reset');
    }
    const target = resolveAdminTarget(opts);
    const path = `/api/routes/${encodeURIComponent(routeId)}`;
    const outcome = opts.reset
      ? await callAdmin<ChangeOutcome>(target, 'DELETE', `${path}/state`, { reason: opts.reason })
      : await callAdmin<ChangeOutcome>(target, 'PATCH', path, { mode: opts.mode, percent: opts.percent, force: Boolean(opts.force), reason: opts.reason });
    process.stdout.write((opts.json ? JSON.stringify(outcome, null, 2) : describeChange(outcome)) + '\n');
  });
}

// `ficus rollback <id> [--reason "..."]`: send a route back to its guard.rollback.to mode (monolith by default).
import type { Command } from 'commander';
import type { ChangeOutcome } from '../../gateway/admin/route-control.js';
import { addAdminOptions, callAdmin, resolveAdminTarget } from '../admin-client.js';
import { describeChange } from '../describe-change.js';

/** Registers `ficus rollback`. */
export function register(program: Command): Command {
  const cmd = program
    .command('rollback')
    .description("roll a route back to the monolith (or to shadow, per the route's guard.rollback.to)")
    .argument('<route>', 'route id')
    .option('--reason <text>', 'why, for the audit log')
    .option('--json', 'print the admin API answer as JSON');
  return addAdminOptions(cmd).action(async (routeId: string, opts: { reason?: string; json?: boolean; adminUrl?: string; token?: string }) => {
    const outcome = await callAdmin<ChangeOutcome>(resolveAdminTarget(opts), 'POST', `/api/routes/${encodeURIComponent(routeId)}/rollback`, {
      reason: opts.reason,
    });
    process.stdout.write((opts.json ? JSON.stringify(outcome, null, 2) : describeChange(outcome)) + '\n');
  });
}

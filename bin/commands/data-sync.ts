// `ficus data sync --from <url> --to <url> --tables a,b [--once] | --status | --stop | --reverse`:
// keeps a seam's tables in step while production writes (services/data-sync/), then hands ownership over.
import { Command } from 'commander';
import { SyncError } from '../../services/data-sync/errors.js';
import type { SyncEvent } from '../../services/data-sync/run-sync.js';
import type { SyncStatus } from '../../services/data-sync/sync-status.js';
import { integerOption } from '../parse-integer.js';

interface SyncCliOptions {
  from: string;
  to: string;
  tables?: string[];
  batch: number;
  once?: boolean;
  status?: boolean;
  stop?: boolean;
  reverse?: boolean;
  json?: boolean;
}

/** Registers `data sync` under the `data` command. */
export function registerSync(data: Command, parseTables: (v: string) => string[]): Command {
  return data
    .command('sync')
    .description('capture changes of tables at the source (triggers into a change log) and apply them to the target, in commit order, until stopped')
    .requiredOption('--from <url>', 'source database: sqlite:path, postgres://… or mysql://…')
    .requiredOption('--to <url>', 'target database, same forms')
    .option('--tables <list>', 'comma-separated table names (needed to start or reverse a sync)', parseTables)
    .option('--batch <n>', 'changes per target transaction', integerOption(1), 500)
    .option('--once', 'apply what is pending, then exit')
    .option('--status', 'print lag, last applied change and errors, then exit')
    .option('--stop', 'remove the triggers, change log, fence and checkpoint the sync created (rows stay), then exit')
    .option('--reverse', 'hand the tables over: fence writes at the source, drain, verify, then sync from --to back to --from')
    .option('--json', 'with --status or --stop: print JSON')
    .action(async (opts: SyncCliOptions) => {
      const modes = [opts.status, opts.stop].filter(Boolean).length;
      if (modes > 1 || (modes && (opts.once || opts.reverse))) throw new SyncError('FICUS_SYNC_ARGS', '--status and --stop go alone');
      if (opts.status) return printStatus(await (await import('../../services/data-sync/sync-status.js')).readSyncStatus(opts), opts.json);
      if (opts.stop) {
        const report = await (await import('../../services/data-sync/stop-sync.js')).stopSync(opts);
        if (opts.json) return void process.stdout.write(`${JSON.stringify(report)}\n`);
        const lost = report.unapplied ? ` (${report.unapplied} captured changes were not applied)` : '';
        return void process.stdout.write(`stopped sync ${report.source} → ${report.target} of ${report.tables.join(', ')}: triggers, change log and checkpoint removed${lost}\n`);
      }
      if (!opts.tables) throw new SyncError('FICUS_SYNC_ARGS', 'give the tables: --tables a,b,c');
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      const common = { tables: opts.tables, batch: opts.batch, once: opts.once, signal: controller.signal, onEvent: printEvent };
      let from = opts.from;
      let to = opts.to;
      if (opts.reverse) {
        const { reverseSync } = await import('../../services/data-sync/reverse-sync.js');
        const r = await reverseSync({ from, to, tables: opts.tables, batch: opts.batch });
        process.stdout.write(
          `reversed: ${r.target} is the source now; ${r.drained} pending changes drained, tables verified, writes to ${r.tables.join(', ')} at ${r.source} refused from now on (quiesce → resume ${r.turnMs} ms)\n`,
        );
        [from, to] = [to, from];
      }
      const { runSync } = await import('../../services/data-sync/run-sync.js');
      const report = await runSync({ ...common, from, to });
      process.stdout.write(`sync ${report.ended}: ${report.applied} changes applied, last change ${report.lastChange}\n`);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    });
}


function printEvent(e: SyncEvent): void {
  if (e.type === 'installed') process.stderr.write(`sync: capture installed (sync ${e.syncId})\n`);
  if (e.type === 'copied') {
    const rows = e.copied.reduce((n, t) => n + t.rows, 0);
    const bad = e.verification.tables.filter((t) => !t.match).map((t) => t.table);
    process.stderr.write(`sync: copied ${rows} rows from one snapshot (change ${e.startChange}), verified ${bad.length ? `MISMATCH in ${bad.join(', ')}` : 'equal'}\n`);
  }
  if (e.type === 'retry') process.stderr.write(`sync: ${e.error}; retrying in ${e.delayMs} ms\n`);
}

function printStatus(s: SyncStatus, json?: boolean): void {
  if (json) return void process.stdout.write(`${JSON.stringify(s)}\n`);
  const at = s.lastApplied.at ? new Date(s.lastApplied.at).toISOString() : 'never';
  const lines = [
    `sync ${s.source} → ${s.target}${s.reversed ? ' (reversed)' : ''}: ${s.phase}, applier ${s.applierAlive ? 'running' : 'not running'}`,
    `  tables        ${s.tables.join(', ')}`,
    `  lag           ${s.lag.changes} changes, ${s.lag.seconds.toFixed(1)} s`,
    `  last applied  change ${s.lastApplied.change} at ${at} (${s.appliedTotal} applied in all)`,
    `  last error    ${s.lastError ? `${new Date(s.lastError.at).toISOString()} ${s.lastError.message}` : 'none'}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

// `ficus data copy|verify|sync --from <url> --to <url> --tables a,b,c [--batch n]`: copy a seam's tables from
// the monolith's database to the service's own and verify counts and checksums (services/data-copy/).
import { Command, InvalidArgumentError } from 'commander';
import type { CopyProgress, VerifyReport } from '../../services/data-copy/copy-tables.js';
import { registerSync } from './data-sync.js';
import { plural } from '../../common/plural.js';
import { integerOption } from '../parse-integer.js';

// The copy code (knex, drivers) is loaded on use, so other verbs start without it.
const loadCopy = () => import('../../services/data-copy/copy-tables.js');

interface DataOptions {
  from: string;
  to: string;
  tables: string[];
  batch: number;
  json?: boolean;
}

/** Registers `ficus data` with its `copy` and `verify` subcommands. */
export function register(program: Command): Command {
  const data = program.command('data').description("move a seam's tables from the monolith's database to a service's own");
  withCommonOptions(data.command('copy'))
    .description('copy tables (creating missing ones), replacing the target rows, then verify counts and checksums (exit 1 on a mismatch)')
    .action(async (opts: DataOptions) => {
      const { copyTables } = await loadCopy();
      const report = await copyTables({ ...opts, onProgress: progressPrinter() });
      if (opts.json) return printJson(report);
      const created = report.created.length ? `; created ${report.created.join(', ')}` : '';
      process.stdout.write(`copied ${plural(report.copied.reduce((n, t) => n + t.rows, 0), 'row')} in ${plural(report.copied.length, 'table')} in ${(report.ms / 1000).toFixed(1)} s (order: ${report.order.join(', ')}${created})\n`);
      printVerification(report);
    });
  withCommonOptions(data.command('verify'))
    .description('compare row counts and checksums of tables on both sides, copying nothing (exit 1 on a mismatch)')
    .action(async (opts: DataOptions) => {
      const { verifyTables } = await loadCopy();
      const report = await verifyTables({ ...opts, onProgress: progressPrinter() });
      if (opts.json) return printJson(report);
      printVerification(report);
    });
  registerSync(data, parseTables);
  return data;
}

function withCommonOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--from <url>', 'source database: sqlite:path, sqlite:///abs/path or postgres://…')
    .requiredOption('--to <url>', 'target database, same forms')
    .requiredOption('--tables <list>', 'comma-separated table names', parseTables)
    .option('--batch <n>', 'rows per page read and written', integerOption(1), 1000)
    .option('--json', 'print the report (tables with rows and checksums on both sides, ok) as JSON; exit 1 on a mismatch still');
}

/** The whole report on stdout; a mismatch still exits 1. */
function printJson(report: VerifyReport): void {
  process.stdout.write(`${JSON.stringify(report)}\n`);
  if (!report.ok) process.exitCode = 1;
}

function parseTables(value: string): string[] {
  const tables = value.split(',').map((t) => t.trim()).filter(Boolean);
  if (!tables.length) throw new InvalidArgumentError('give at least one table name');
  return tables;
}


function printVerification(report: VerifyReport): void {
  const width = Math.max(5, ...report.tables.map((t) => t.table.length));
  for (const t of report.tables) {
    const status = t.match ? 'ok' : 'MISMATCH';
    const detail = t.match ? `${t.source.rows} rows, checksum ${t.source.checksum.slice(0, 12)}` : `source ${t.source.rows} rows (${t.source.checksum.slice(0, 12)}), target ${t.target.rows} rows (${t.target.checksum.slice(0, 12)})`;
    process.stdout.write(`  ${t.table.padEnd(width)}  ${status.padEnd(8)}  ${detail}\n`);
  }
  const bad = report.tables.filter((t) => !t.match).map((t) => t.table);
  if (bad.length) {
    process.stderr.write(`ficus: verification failed: ${bad.join(', ')} differ between source and target\n`);
    process.exitCode = 1;
  }
}

// Progress is for a person watching: into a pipe or a log file it is noise, so only on a terminal.
const progressPrinter = (): ((p: CopyProgress) => void) | undefined => (process.stderr.isTTY ? createProgressPrinter() : undefined);

/** Progress lines on stderr: when a table starts and ends, and at most once a second in between. */
function createProgressPrinter(): (p: CopyProgress) => void {
  let last = 0;
  return (p) => {
    const now = Date.now();
    const edge = p.rows === 0 || p.rows === p.total;
    if (!edge && now - last < 1000) return;
    last = now;
    const pct = p.total ? ` (${Math.floor((p.rows / p.total) * 100)}%)` : '';
    process.stderr.write(`${p.phase} ${p.table}: ${p.rows}/${p.total} rows${pct}\n`);
  };
}

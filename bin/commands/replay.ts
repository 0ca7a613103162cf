// `ficus replay export <route> -c <config> -o cases.jsonl` and `ficus replay run cases.jsonl
// --against <url>`: a shadow route's recorded exchanges as a regression suite a service's CI runs
// after every deploy (exit 1 on a real difference or a case without an answer).
import { readFileSync, writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import type { ReplayReport } from '../../gateway/replay/run-cases.js';
import { AdminCallError } from '../admin-client.js';
import { formatTable } from '../../common/format-table.js';
import { integerOption } from '../parse-integer.js';

interface ExportOpts {
  config: string;
  output?: string;
  limit?: number;
  json?: boolean;
}

interface RunOpts {
  against: string;
  concurrency: number;
  timeoutMs: number;
  deadline: number;
  allowWrites?: boolean;
  header: Record<string, string>;
  json?: boolean;
}

/** Registers `ficus replay` with its `export` and `run` subcommands. */
export function register(program: Command): Command {
  const replay = program.command('replay').description("replay a shadow route's recorded exchanges against any build of its service");
  replay
    .command('export')
    .description('write the recorded cases of a route (requests and monolith answers, redacted as stored) as JSON Lines')
    .argument('<route>', 'route id')
    .requiredOption('-c, --config <file>', 'the gateway config (its store holds the cases; its shadow rules go into the file)')
    .option('-o, --output <file>', 'write here (default: stdout)')
    .option('--limit <n>', 'at most this many cases', integerOption(1, 100_000))
    .option('--json', 'print { route, cases, file } as JSON (needs -o)')
    .action(async (routeId: string, opts: ExportOpts) => {
      const [{ loadConfig }, { openStore }, { exportCases }, { formatCaseFile }, { ReplayError }] = await Promise.all([
        import('../../gateway/config/load-config.js'),
        import('../../gateway/store/open-store.js'),
        import('../../gateway/replay/export-cases.js'),
        import('../../gateway/replay/case-file.js'),
        import('../../gateway/replay/errors.js'),
      ]);
      const config = loadConfig(opts.config);
      const route = config.routes.find((r) => r.id === routeId);
      if (!route) throw new ReplayError('FICUS_REPLAY_UNKNOWN_ROUTE', `${opts.config} has no route "${routeId}" (routes: ${config.routes.map((r) => r.id).join(', ') || 'none'})`);
      const store = await openStore(config.store.url);
      try {
        const { header, cases, unreadable } = await exportCases(store, route, { limit: opts.limit });
        const text = formatCaseFile(header, cases);
        if (opts.output) writeFileSync(opts.output, text);
        else process.stdout.write(text);
        const summary = `${routeId}: ${cases.length} case(s)${unreadable ? ` (${unreadable} unreadable left out)` : ''}, ${header.rules.noise.length} noise field(s)${opts.output ? ` written to ${opts.output}` : ''}`;
        if (opts.json && opts.output) process.stdout.write(`${JSON.stringify({ route: routeId, cases: cases.length, unreadable, noiseFields: header.rules.noise.length, file: opts.output })}\n`);
        else process.stderr.write(`ficus replay: ${summary}\n`);
      } finally {
        await store.close();
      }
    });
  replay
    .command('run')
    .description('send recorded cases to a base URL and compare with the recorded answers; exit 1 on a real difference or a case without an answer')
    .argument('<file>', 'a file written by ficus replay export')
    .requiredOption('--against <url>', 'base URL of the build to check, e.g. http://127.0.0.1:4001')
    .option('--concurrency <n>', 'cases in flight at once (default 8)', integerOption(1, 256), 8)
    .option('--timeout-ms <ms>', 'deadline per case (default 5000)', integerOption(1, 600_000), 5000)
    .option('--deadline <seconds>', 'deadline for the whole run; cases not started by then count as failed (default 120)', integerOption(1, 86_400, 'seconds'), 120)
    .option('--allow-writes', 'also replay POST/PUT/PATCH/DELETE cases (only against a build with a sandbox store)')
    .option('--header <name: value>', 'send this header with every case (credentials are redacted in the file); repeatable', collectHeader, {})
    .option('--json', 'print the whole report as JSON')
    .action(async (file: string, opts: RunOpts) => {
      const target = parseUrl(opts.against);
      const [{ parseCaseFile }, { runCases }, { ReplayError }] = await Promise.all([
        import('../../gateway/replay/case-file.js'),
        import('../../gateway/replay/run-cases.js'),
        import('../../gateway/replay/errors.js'),
      ]);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        throw new ReplayError('FICUS_REPLAY_FILE', `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
      const { header, cases } = parseCaseFile(text, file);
      const report = await runCases(header, cases, {
        against: target,
        concurrency: opts.concurrency,
        timeoutMs: opts.timeoutMs,
        deadlineMs: opts.deadline * 1000,
        allowWrites: opts.allowWrites,
        headers: opts.header,
      });
      process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
      if (report.differed > 0 || report.failed > 0 || report.skipped.deadline > 0) process.exitCode = 1;
    });
  return replay;
}

function formatReport(r: ReplayReport): string {
  const skipped = [r.skipped.write ? `${r.skipped.write} write(s) skipped (--allow-writes)` : '', r.skipped.deadline ? `${r.skipped.deadline} not run before the deadline` : ''].filter(Boolean);
  let out = `${r.route} against ${r.against}: ${r.total} case(s), ${r.matched} matched, ${r.differed} with real differences, ${r.failed} without an answer${skipped.length ? `, ${skipped.join(', ')}` : ''}\n`;
  if (r.fields.length > 0) {
    const show = (v: unknown) => (v === undefined ? '-' : JSON.stringify(v).slice(0, 60));
    const rows = r.fields.map((f) => [f.path, f.kind, String(f.cases), f.noise ? 'noise' : 'real', f.example.url, `${show(f.example.left)} → ${show(f.example.right)}`]);
    out += formatTable(['FIELD', 'KIND', 'CASES', 'VERDICT', 'EXAMPLE', 'RECORDED → NOW'], rows, new Set([2]));
  }
  const failed = r.cases.filter((c) => !['matched', 'differed', 'skipped_write'].includes(c.outcome));
  for (const c of failed.slice(0, 20)) out += `  ${c.method} ${c.url}: ${c.outcome}${c.detail ? ` (${c.detail})` : ''}\n`;
  if (failed.length > 20) out += `  … and ${failed.length - 20} more\n`;
  return out;
}


function parseUrl(value: string): string {
  try {
    const u = new URL(value);
    if (u.protocol === 'http:' || u.protocol === 'https:') return value;
  } catch {
    // reported below
  }
  throw new AdminCallError('FICUS_CLI_USAGE', `--against "${value}" is not an http:// or https:// URL`, { exitCode: 2 });
}

function collectHeader(value: string, previous: Record<string, string>): Record<string, string> {
  const colon = value.indexOf(':');
  if (colon <= 0) throw new InvalidArgumentError('expected "name: value"');
  return { ...previous, [value.slice(0, colon).trim().toLowerCase()]: value.slice(colon + 1).trim() };
}

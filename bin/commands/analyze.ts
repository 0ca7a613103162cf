// `ficus analyze <dir>`: maps a monolith's imports, table access and routes into reports.
import { InvalidArgumentError, type Command } from 'commander';
import { REPORT_FORMATS, type ReportFormat } from '../../analyzer/report/formats.js';
import { createProgressBar } from '../../analyzer/extract/progress-bar.js';
import { plural } from '../../common/plural.js';
import { integerOption } from '../parse-integer.js';

interface AnalyzeCommandOptions {
  output?: string;
  format: ReportFormat[];
  seams?: number;
  history?: boolean;
  config?: string;
  includeTests?: boolean;
  tsconfig?: string;
  json?: boolean;
  quiet?: boolean;
}

/** Registers `ficus analyze`. */
export function register(program: Command): Command {
  return program
    .command('analyze')
    .description('map which modules import which, read and write which tables, and serve which routes; suggest seams')
    .argument('<dir>', 'the monolith folder to analyse')
    .option('-o, --output <outdir>', 'where to write the reports (default: the current folder; with --json, nothing is written unless given)')
    .option('--format <list>', `report formats, comma-separated: ${REPORT_FORMATS.join(',')}`, parseFormats, [...REPORT_FORMATS])
    .option('--seams <n>', 'ask for about n seams', integerOption(1))
    .option('--history', 'weigh modules that change together in git history')
    .option('--config <file>', 'analyzer config (default: <dir>/ficus.config.yaml when present)')
    .option('--include-tests', 'also analyse test, spec, mock and fixture files (left out by default)')
    .option('--tsconfig <file>', 'tsconfig for import aliases (default: the nearest tsconfig.json at or above <dir>)')
    .option('--json', 'print the JSON report to stdout')
    .option('-q, --quiet', 'print nothing but errors')
    .action(async (dir: string, opts: AnalyzeCommandOptions) => {
      const bar = process.stderr.isTTY && !opts.quiet ? createProgressBar(process.stderr) : undefined;
      const outDir = opts.output ?? (opts.json ? undefined : '.');
      // Loaded on use: TypeScript and madge take seconds to load, and other verbs should not pay for
      // them. madge's worker starts first, so that it loads madge while this thread loads the analyzer.
      const { startMadgeWorker } = await import('../../analyzer/extract/extract-imports.js');
      const madge = startMadgeWorker();
      let result;
      try {
        const { analyze } = await import('../../analyzer/analyze.js');
        result = await analyze({ dir, outDir, formats: opts.format, seams: opts.seams, history: opts.history, configFile: opts.config, includeTests: opts.includeTests, tsconfig: opts.tsconfig, madge, progress: bar?.update });
      } finally {
        madge.stop();
        bar?.clear();
      }
      const { report, written } = result;
      if (opts.json) {
        // `ficus analyze --json | head` closes the pipe early: that is the reader's choice, not an error.
        process.stdout.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' ? process.exit(0) : process.emitWarning(err)));
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      }
      if (opts.quiet) return;
      const out = opts.json ? process.stderr : process.stdout;
      const s = report.stats;
      const problems = report.diagnostics.length ? `, ${plural(report.diagnostics.length, 'diagnostic')}` : '';
      out.write(`ficus analyze: ${plural(s.files, 'file')}, ${plural(s.modules, 'module')}, ${plural(s.tables, 'table')}, ${plural(s.routes, 'route')}${problems} in ${s.durationMs} ms${written.length ? ` → ${written.join(', ')}` : ''}\n`);
      const first = [...report.seams].sort((a, b) => a.extractionOrder - b.extractionOrder)[0];
      const page = written.find((f) => f.endsWith('.html')) ?? written.find((f) => f.endsWith('.json'));
      if (first) out.write(`first seam to extract: ${first.id} (${plural(first.routes.length, 'route')}, ${plural(first.ownedTables.length, 'owned table')})${page ? `; see ${page}` : ''}\n`);
      if (report.tangle) out.write(`${report.tangle.replace(/`/g, '')}\n`);
      if (report.diagnostics.some((d) => d.code === 'NO_SOURCES')) process.stderr.write(`ficus analyze: warning: no sources found under ${dir}\n`);
    });
}

function parseFormats(value: string): ReportFormat[] {
  const list = value.split(',').map((f) => f.trim()).filter(Boolean);
  const unknown = list.filter((f) => !(REPORT_FORMATS as readonly string[]).includes(f));
  if (unknown.length || !list.length) throw new InvalidArgumentError(`expected a comma-separated list of ${REPORT_FORMATS.join(', ')}; got '${value}'`);
  return list as ReportFormat[];
}


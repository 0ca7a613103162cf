// `ficus check <dir> --plan ficus-report.json`: fails (exit 1) when the code gained imports or table
// accesses across the plan's seam boundaries; teams run it in CI while they migrate.
import type { Command } from 'commander';

interface CheckCommandOptions {
  plan: string;
  config?: string;
  json?: boolean;
}

/** Registers `ficus check`. */
export function register(program: Command): Command {
  return program
    .command('check')
    .description('fail when imports or table accesses cross seam boundaries that the plan (a ficus-report.json) did not cross')
    .argument('<dir>', 'the monolith folder to check')
    .requiredOption('--plan <file>', 'the ficus-report.json holding the planned seams')
    .option('--config <file>', 'analyzer config (default: <dir>/ficus.config.yaml when present)')
    .option('--json', 'print the violations as JSON')
    .action(async (dir: string, opts: CheckCommandOptions) => {
      // Loaded on use: the extractor (TypeScript, madge) is heavy, and other verbs should not pay for it.
      const [{ runCheck }, { formatViolation }] = await Promise.all([import('../../analyzer/check.js'), import('../../analyzer/seams/check-plan.js')]);
      const result = await runCheck({ dir, plan: opts.plan, configFile: opts.config });
      const { violations } = result;
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ violations, newModules: result.newModules }, null, 2)}\n`);
      } else if (violations.length === 0) {
        process.stdout.write(`ficus check: no new cross-seam imports or table accesses (${result.modules} modules, ${result.seams} seams)\n`);
      } else {
        process.stdout.write(`ficus check: ${violations.length} new cross-seam dependenc${violations.length === 1 ? 'y' : 'ies'} not in ${opts.plan}\n`);
        for (const v of violations) process.stdout.write(`  ${formatViolation(v)}\n`);
      }
      if (violations.length > 0) process.exitCode = 1;
    });
}

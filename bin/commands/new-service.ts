// `ficus new-service <seam> --plan ficus-report.json -o <dir> [--name <pkg>] [--schema-from <url>] [--force]`:
// generates a standalone service package on the kit for one seam of the analyzer's report (services/scaffold/).
import { Command } from 'commander';
import { integerOption } from '../parse-integer.js';

interface NewServiceCommandOptions {
  plan: string;
  out: string;
  name?: string;
  schemaFrom?: string;
  force?: boolean;
  port?: number;
  ficus?: string;
  json?: boolean;
}

/** Registers `ficus new-service`. */
export function register(program: Command): Command {
  return program
    .command('new-service')
    .description('generate a standalone service package for a seam: 501 route stubs, migrations of its tables, a test, Dockerfile, CI, a gateway snippet in shadow mode')
    .argument('<seam>', 'seam id from the report')
    .requiredOption('--plan <file>', 'the analyzer report (ficus-report.json)')
    .requiredOption('-o, --out <dir>', 'directory to generate into (empty or new)')
    .option('--name <package>', 'package and service name (default: the seam id)')
    .option('--schema-from <url>', "the monolith's database (sqlite:path or postgres://…), to build the migration from its columns")
    .option('--port <n>', 'default port of the service and of its gateway entry (default: the first free one from 4001)', integerOption(1, 65535))
    .option('--ficus <spec>', 'the ficus dependency in package.json (default: file:<this ficus> from a checkout, ^<version> when installed)')
    .option('--force', 'write into a non-empty directory, overwriting generated files')
    .option('--json', 'print { name, port, dir, files, warnings } as JSON')
    .action(async (seam: string, opts: NewServiceCommandOptions) => {
      const { createNewService } = await import('../../services/scaffold/generate-service.js'); // loaded on use
      const result = await createNewService({ seam, plan: opts.plan, outDir: opts.out, name: opts.name, schemaFrom: opts.schemaFrom, force: opts.force, port: opts.port, ficusDependency: opts.ficus });
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ name: result.name, port: result.port, dir: opts.out, files: result.files, warnings: result.warnings })}\n`);
        return;
      }
      for (const w of result.warnings) process.stderr.write(`ficus: warning: ${w}\n`);
      process.stdout.write(`generated the ${result.name} service (port ${result.port}) in ${opts.out}:\n${result.files.map((f) => `  ${f}`).join('\n')}\n`);
      process.stdout.write(`next: cd ${opts.out} && npm install && npm test && npm start\n`);
    });
}


// `ficus new-service <seam> --plan ficus-report.json -o services/<name> [--schema-from <url>] [--force]`:
// generates a working service on the kit for one seam of the analyzer's report (services/scaffold/).
import { Command, InvalidArgumentError } from 'commander';

interface NewServiceCommandOptions {
  plan: string;
  out: string;
  schemaFrom?: string;
  force?: boolean;
  port: number;
}

/** Registers `ficus new-service`. */
export function register(program: Command): Command {
  return program
    .command('new-service')
    .description("generate a service for a seam: 501 route stubs, a migration of its tables, a test, a gateway snippet in shadow mode")
    .argument('<seam>', 'seam id from the report')
    .requiredOption('--plan <file>', 'the analyzer report (ficus-report.json)')
    .requiredOption('-o, --out <dir>', 'directory to generate into, e.g. services/catalog')
    .option('--schema-from <url>', "the monolith's database (sqlite:path or postgres://…), to build the migration from its columns")
    .option('--port <n>', 'default port of the service and of its gateway entry', parsePort, 4001)
    .option('--force', 'write into a non-empty directory, overwriting generated files')
    .action(async (seam: string, opts: NewServiceCommandOptions) => {
      const { createNewService } = await import('../../services/scaffold/generate-service.js'); // loaded on use
      const result = await createNewService({ seam, plan: opts.plan, outDir: opts.out, schemaFrom: opts.schemaFrom, force: opts.force, port: opts.port });
      for (const w of result.warnings) process.stderr.write(`ficus: warning: ${w}\n`);
      process.stdout.write(`generated the ${seam} service in ${opts.out}:\n${result.files.map((f) => `  ${f}`).join('\n')}\n`);
    });
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new InvalidArgumentError('must be a port number (1-65535)');
  return n;
}

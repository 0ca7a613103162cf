// `ficus gateway -c <file> [--check]`: validate a gateway config, or run the gateway with hot
// reload (file watch and SIGHUP) and graceful shutdown (SIGTERM/SIGINT within shutdown.graceMs).
import type { Command } from 'commander';
import { plural } from '../../common/plural.js';
import { readGatewayConfig } from '../read-gateway-config.js';

interface GatewayCommandOptions {
  config: string;
  check?: boolean;
  strict?: boolean;
  json?: boolean;
}

/** Registers `ficus gateway`. */
export function register(program: Command): Command {
  return program
    .command('gateway')
    .description('run the cutover gateway in front of the monolith (or --check a config and exit)')
    .requiredOption('-c, --config <file>', 'gateway config (YAML, ${ENV} and ${ENV:-default} substituted)')
    .option('--check', 'validate the config, print every problem, exit 0 when valid and 1 when not')
    .option('--strict', 'with --check: warnings (a route that can never match) fail too')
    .option('--json', 'with --check: print the verdict as JSON on stdout ({ file, ok, problems, warnings, routes, services })')
    .action(async (opts: GatewayCommandOptions) => {
      const config = await readGatewayConfig(opts.config, { json: opts.check && opts.json });
      if (!config) return;
      // Loaded on use, so other verbs (and --help) start without the data plane's modules.
      const [{ createGateway }, { findShadowedRoutes }] = await Promise.all([
        import('../../gateway/create-gateway.js'),
        import('../../gateway/config/find-shadowed-routes.js'),
      ]);
      if (opts.check) {
        const warnings = findShadowedRoutes(config.routes);
        for (const w of warnings) process.stderr.write(`ficus: ${opts.config}: warning: ${w.path}: ${w.message}\n`);
        const failed = warnings.length > 0 && Boolean(opts.strict);
        if (failed) {
          process.stderr.write(`ficus: ${opts.config}: ${plural(warnings.length, 'warning')}, failing because of --strict\n`);
          process.exitCode = 1;
        }
        if (opts.json) {
          const verdict = { file: opts.config, ok: !failed, problems: [], warnings: warnings.map((w) => ({ path: w.path, message: w.message })), routes: config.routes.length, services: Object.keys(config.services).length };
          process.stdout.write(`${JSON.stringify(verdict, null, 2)}\n`);
        } else if (!failed) {
          process.stdout.write(`${opts.config}: ok (${plural(config.routes.length, 'route')}, ${plural(Object.keys(config.services).length, 'service')})\n`);
        }
        return;
      }
      const { workerCount } = await import('../../gateway/cluster/worker-count.js');
      const workers = workerCount(config.listen);
      const { formatProblems } = await import('../../gateway/errors.js');
      // The access log is JSON on stdout; a rejected reload is also said in plain words where a person looks.
      const onReloadRejected = (file: string, problems: readonly { path: string; message: string }[]): void => {
        process.stderr.write(`ficus gateway: ${file}: reload rejected (${plural(problems.length, 'problem')}), still serving the last good config\n${formatProblems(problems)}\n`);
      };
      const gateway =
        workers > 1
          ? (await import('../../gateway/cluster/create-gateway-group.js')).createGatewayGroup(config, workers, { configPath: opts.config, onReloadRejected })
          : createGateway(config, { configPath: opts.config, onReloadRejected });
      const { port, adminPort } = await gateway.listen();
      const processes = workers > 1 ? ` (${workers} workers)` : '';
      process.stderr.write(`ficus gateway: listening on ${config.listen.host}:${port}, admin on ${config.admin.host}:${adminPort}${processes}\n`);
      process.on('SIGHUP', () => gateway.reloadFromFile());
      const stop = (signal: string): void => {
        gateway.logger.info({ signal }, 'shutting down');
        void gateway.close().then(() => process.exit(0));
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    });
}

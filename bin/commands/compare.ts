// `ficus compare -c <file> [--primary url] [--secondary url]`: the comparator behind someone else's
// mirror. Mirrored requests arrive on the config's `listen`; the admin API, dashboard and diffs on
// its `admin`, as for a gateway. SIGTERM/SIGINT stop it after writing what is pending.
import { InvalidArgumentError, type Command } from 'commander';
import { readGatewayConfig } from '../read-gateway-config.js';

interface CompareCommandOptions {
  config: string;
  primary?: string;
  secondary?: string;
}

/** Registers `ficus compare`. */
export function register(program: Command): Command {
  return program
    .command('compare')
    .description("compare behind a proxy's mirror (nginx, Istio, Gateway API): each mirrored request goes to the monolith, the service and, for noise, the monolith again")
    .requiredOption('-c, --config <file>', 'gateway config: routes[].shadow rules, services, store, listen (the mirror port) and admin')
    .option('--primary <url>', 'where primary answers come from (default: monolith.url)', (v) => httpUrl(v, '--primary'))
    .option('--secondary <url>', 'a second primary instance for noise (default: the primary again)', (v) => httpUrl(v, '--secondary'))
    .action(async (opts: CompareCommandOptions) => {
      const config = await readGatewayConfig(opts.config);
      if (!config) return;
      const [{ createComparator }, { openStore }, { createGatewayLogger }, { assertSafeAdminBind }] = await Promise.all([
        import('../../gateway/comparator/create-comparator.js'),
        import('../../gateway/store/open-store.js'),
        import('../../gateway/telemetry/create-logger.js'),
        import('../../gateway/admin/admin-auth.js'),
      ]);
      assertSafeAdminBind(config.admin);
      const { logger } = createGatewayLogger();
      const store = await openStore(config.store.url);
      const comparator = createComparator({ config, store, logger, primary: opts.primary, secondary: opts.secondary });
      const { port, adminPort } = await comparator.listen();
      process.stderr.write(`ficus compare: mirrored requests on ${config.listen.host}:${port}, admin on ${config.admin.host}:${adminPort}\n`);
      const stop = (): void => {
        void comparator
          .close()
          .then(() => store.close())
          .then(() => process.exit(0));
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    });
}

function httpUrl(value: string, flag: string): string {
  try {
    const u = new URL(value);
    if (u.protocol === 'http:' || u.protocol === 'https:') return value.replace(/\/+$/, '');
  } catch {
    // reported below
  }
  throw new InvalidArgumentError(`${flag} "${value}" is not an http:// or https:// URL`);
}

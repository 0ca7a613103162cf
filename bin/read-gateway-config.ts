// Loads a gateway config for a verb that serves it (gateway, compare): every problem on stderr and
// exit status 1 when it is invalid, so the verb can simply stop.
import type { GatewayConfig } from '../gateway/config/schema.js';

/** The validated config, or undefined after printing its problems (process.exitCode = 1); `json` also prints them as JSON on stdout. */
export async function readGatewayConfig(file: string, options: { json?: boolean } = {}): Promise<GatewayConfig | undefined> {
  // Loaded on use, so other verbs (and --help) start without the gateway's modules.
  const [{ loadConfig }, { ConfigInvalidError, formatProblems }] = await Promise.all([import('../gateway/config/load-config.js'), import('../gateway/errors.js')]);
  try {
    return loadConfig(file);
  } catch (err) {
    if (!(err instanceof ConfigInvalidError)) throw err;
    process.stderr.write(`ficus: ${file}: ${err.problems.length} problem(s) (${err.code})\n${formatProblems(err.problems)}\n`);
    if (options.json) process.stdout.write(`${JSON.stringify({ file, ok: false, code: err.code, problems: err.problems, warnings: [] }, null, 2)}\n`);
    process.exitCode = 1;
    return undefined;
  }
}

// `ficus export --to gateway-api|istio [-c file] [--namespace ns] [-o file] [--watch] [--lossy]`:
// the route state (live from the admin API, or a config file's) as Kubernetes manifests, checked
// against their schemas. --watch rewrites the file whenever a route moves, for GitOps.
import { renameSync, writeFileSync } from 'node:fs';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { parseBackendRef, type BackendRef } from '../../gateway/export/backend-ref.js';
import type { ExportState, LiveRouteView, LiveServiceView } from '../../gateway/export/export-state.js';
import { EXPORT_TARGETS, type ExportTarget } from '../../gateway/export/manifest.js';
import { CodedError } from '../../common/coded-error.js';
import { addAdminOptions, callAdmin, resolveAdminTarget } from '../admin-client.js';
import { integerOption } from '../parse-integer.js';

interface ExportOptions {
  to: ExportTarget;
  config?: string;
  namespace?: string;
  output?: string;
  watch?: boolean;
  lossy?: boolean;
  json?: boolean;
  backend: Record<string, BackendRef>;
  comparator?: BackendRef;
  gateway?: BackendRefName;
  host: string[];
  istioGateway: string[];
  interval: number;
  adminUrl?: string;
  token?: string;
}

type BackendRefName = { name: string; namespace?: string };

const usage = (message: string) => new InvalidArgumentError(message);

/** Registers `ficus export`. */
export function register(program: Command): Command {
  const cmd = program
    .command('export')
    .description('write the route state as Gateway API or Istio manifests (checked against their schemas); --watch keeps the file current')
    .addOption(new Option('--to <target>', 'manifest format').choices(EXPORT_TARGETS).makeOptionMandatory())
    .option('-c, --config <file>', "read the routes from this gateway config (the file's modes) instead of a running gateway's admin API")
    .option('--namespace <ns>', 'namespace of the generated objects')
    .option('-o, --output <file>', 'write the manifests here (default: stdout)')
    .option('--watch', 'keep running and rewrite --output whenever the route state changes')
    .option('--lossy', 'export even what the target cannot say exactly (each such thing is stated in the output)')
    .option('--json', 'print { target, manifests, notes } as JSON')
    .option('--backend <name=service[.ns]:port>', 'the Kubernetes Service of a ficus upstream (monolith or a service name); repeatable', collectBackend, {})
    .option('--comparator <service[.ns]:port>', 'where ficus compare listens; shadow routes mirror to it (default ficus-compare:8090)', (v) => parseRef(v, '--comparator'))
    .option('--gateway <name[.ns]>', 'gateway-api: attach the HTTPRoutes to this Gateway (default: the monolith Service, for mesh traffic)', parseName)
    .option('--host <name>', 'gateway-api hostnames / istio VirtualService hosts; repeatable', collect, [])
    .option('--istio-gateway <name>', 'istio: bind the VirtualService to this Gateway; repeatable', collect, [])
    .option('--interval <seconds>', 'how often --watch asks the admin API (default 2)', integerOption(1, 3600, 'seconds'), 2);
  return addAdminOptions(cmd).action(async (opts: ExportOptions) => {
    if (opts.watch && !opts.output) throw new CodedError('FICUS_CLI_USAGE', '--watch needs -o <file> to rewrite');
    const { exportManifests } = await import('../../gateway/export/export-manifests.js');
    const { renderManifests } = await import('../../gateway/export/render-manifests.js');
    const { formatNote } = await import('../../gateway/export/manifest.js');
    const render = (state: ExportState): { text: string; notes: string[] } => {
      const result = exportManifests(state, {
        target: opts.to,
        namespace: opts.namespace,
        backends: opts.backend,
        comparator: opts.comparator,
        gateway: opts.gateway,
        hosts: opts.host,
        istioGateways: opts.istioGateway,
        lossy: opts.lossy,
      });
      const notes = result.notes.map((n) => `ficus export: ${n.routeId ?? '*'}: ${formatNote(n)}\n`);
      return { text: opts.json ? `${JSON.stringify(result, null, 2)}\n` : renderManifests(result, state.source), notes };
    };
    const read = await stateReader(opts);
    const first = render(await read());
    emit(opts.output, first.text);
    process.stderr.write(first.notes.join(''));
    if (!opts.watch) return;
    let last = first.text;
    process.stderr.write(`ficus export: watching ${opts.config ?? 'the admin API'}; rewriting ${opts.output} on every change\n`);
    await watchState(opts, read, (state) => {
      const { text, notes } = render(state);
      if (text === last) return; // same state, same bytes: the file is left alone
      last = text;
      emit(opts.output, text);
      process.stderr.write(`${notes.join('')}ficus export: ${opts.output} rewritten (${new Date().toISOString()})\n`);
    });
  });
}

/** Reads the state from the config file, or from the admin API. */
async function stateReader(opts: ExportOptions): Promise<() => Promise<ExportState>> {
  const { stateFromConfig, stateFromRouteViews } = await import('../../gateway/export/export-state.js');
  if (opts.config) {
    const { loadConfig } = await import('../../gateway/config/load-config.js');
    const file = opts.config;
    return async () => stateFromConfig(loadConfig(file), file);
  }
  const target = resolveAdminTarget(opts);
  return async () => {
    const { routes } = await callAdmin<{ routes: LiveRouteView[] }>(target, 'GET', '/api/routes');
    const { services } = await callAdmin<{ services: LiveServiceView[] }>(target, 'GET', '/api/services'); // every instance of each pool
    return stateFromRouteViews(routes, target.url, services);
  };
}

/** Calls `onState` on every config file change, or every interval for the admin API, until SIGINT/SIGTERM. */
async function watchState(opts: ExportOptions, read: () => Promise<ExportState>, onState: (s: ExportState) => void): Promise<void> {
  let failing: string | undefined;
  const attempt = async (): Promise<void> => {
    try {
      onState(await read());
      if (failing !== undefined) process.stderr.write(`ficus export: ${opts.output} is current again\n`);
      failing = undefined;
    } catch (err) {
      // One bad moment (an invalid save, a gateway restarting) keeps the last good file. The admin
      // API is asked every interval: an outage is said once, not once a poll; every bad save is said.
      const e = err as { message?: string; code?: string };
      const line = `ficus export: not rewritten: ${e.message}${e.code ? ` (${e.code})` : ''}\n`;
      if (opts.config || line !== failing) process.stderr.write(line);
      failing = line;
    }
  };
  let stop: () => void;
  if (opts.config) {
    const { watchConfig } = await import('../../gateway/config/watch-config.js');
    const watcher = watchConfig(opts.config, () => void attempt());
    stop = () => watcher.close();
  } else {
    let timer: NodeJS.Timeout;
    const tick = (): void => void attempt().finally(() => (timer = setTimeout(tick, opts.interval * 1000)));
    timer = setTimeout(tick, opts.interval * 1000);
    stop = () => clearTimeout(timer);
  }
  await new Promise<void>((resolve) => {
    const end = (): void => {
      stop();
      resolve();
    };
    process.once('SIGINT', end);
    process.once('SIGTERM', end);
  });
}

/** Writes the file whole (a temporary file renamed over it), so a reader never sees half of it. */
function emit(output: string | undefined, text: string): void {
  if (!output) {
    process.stdout.write(text);
    return;
  }
  const tmp = `${output}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, output);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function collectBackend(value: string, previous: Record<string, BackendRef>): Record<string, BackendRef> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw usage('expected <name>=<service>[.<namespace>]:<port>, e.g. catalog=catalog-svc:8080');
  return { ...previous, [value.slice(0, eq)]: parseRef(value.slice(eq + 1), '--backend') };
}

function parseRef(value: string, flag: string): BackendRef {
  const ref = parseBackendRef(value);
  if (!ref) throw usage(`${flag} expects <service>[.<namespace>]:<port> (a Kubernetes Service name and port), got "${value}"`);
  return ref;
}

function parseName(value: string): BackendRefName {
  const m = /^([a-z][-a-z0-9]*)(?:\.([a-z][-a-z0-9]*))?$/.exec(value.trim());
  if (!m) throw usage(`expects <name>[.<namespace>], got "${value}"`);
  return m[2] ? { name: m[1], namespace: m[2] } : { name: m[1] };
}


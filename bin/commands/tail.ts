// `ficus tail [route] [--status 5xx] [--backend service] [--slower-than <ms>] [--json]`: the last
// exchanges from the gateway's traffic inspector, then new ones as they happen (server-sent events).
import type { Command } from 'commander';
import type { InspectedExchange } from '../../gateway/admin/traffic-inspector.js';
import { AdminCallError, addAdminOptions, callAdmin, resolveAdminTarget } from '../admin-client.js';
import { integerOption } from '../parse-integer.js';

interface TailOptions {
  status?: string;
  backend?: string;
  slowerThan?: number;
  json?: boolean;
  lines: number;
  max?: number;
  adminUrl?: string;
  token?: string;
}


/** `14:02:03.120 GET /api/products/1 200 service 3.2ms catalog-products (canary 10%)` */
export function formatExchange(x: InspectedExchange): string {
  const fell = x.fellBack ? ' (fell back)' : '';
  const outcome = x.outcome === 'ok' ? '' : ` ${x.outcome}`;
  return `${x.time.slice(11, 23)} ${x.method} ${x.url} ${x.status}${outcome} ${x.backend}${fell} ${x.durationMs}ms ${x.route ?? '-'} (${x.reason})`;
}

/** Registers `ficus tail`. */
export function register(program: Command): Command {
  const cmd = program
    .command('tail')
    .description("follow the gateway's live traffic: recent exchanges, then new ones as they happen")
    .argument('[route]', 'only this route')
    .option('--status <status>', 'only this status (503) or class (5xx)')
    .option('--backend <backend>', 'only monolith or service')
    .option('--slower-than <ms>', 'only exchanges slower than this', integerOption(0))
    .option('--lines <n>', 'recent exchanges to print first', integerOption(0), 10)
    .option('--max <n>', 'stop after this many new exchanges', integerOption(0))
    .option('--json', 'one JSON object per line');
  return addAdminOptions(cmd).action(async (routeId: string | undefined, opts: TailOptions) => {
    const target = resolveAdminTarget(opts);
    const query = new URLSearchParams();
    if (routeId) query.set('route', routeId);
    if (opts.status) query.set('status', opts.status);
    if (opts.backend) query.set('backend', opts.backend);
    if (opts.slowerThan !== undefined) query.set('slowerThanMs', String(opts.slowerThan));
    const print = (x: InspectedExchange): void => void process.stdout.write((opts.json ? JSON.stringify(x) : formatExchange(x)) + '\n');
    // The snapshot first: it also checks the filter and the token with a readable error.
    const recent = await callAdmin<{ exchanges: InspectedExchange[] }>(target, 'GET', `/api/traffic?${query}&limit=${Math.max(1, opts.lines)}`);
    if (opts.lines > 0) recent.exchanges.reverse().forEach(print);
    if (opts.max === 0) return;
    const res = await fetch(`${target.url}/api/traffic/stream?${query}`, { headers: target.token ? { authorization: `Bearer ${target.token}` } : {} }).catch((err: unknown) => {
      throw new AdminCallError('FICUS_CLI_ADMIN_UNREACHABLE', `cannot follow the traffic at ${target.url}: ${(err as Error).message}`);
    });
    if (!res.ok || !res.body) throw new AdminCallError('FICUS_CLI_ADMIN_HTTP', `admin API: the traffic stream answered ${res.status}`, {}, { status: res.status });
    let seen = 0;
    let buffer = '';
    const decoder = new TextDecoder();
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = event.split('\n').find((l) => l.startsWith('data: '));
        if (!data) continue;
        print(JSON.parse(data.slice(6)) as InspectedExchange);
        if (opts.max !== undefined && ++seen >= opts.max) return void (await reader.cancel());
      }
    }
  });
}

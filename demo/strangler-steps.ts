// The strangler-fig story on the bundled shop, as demo steps: analyze → monolith → copy → service →
// gateway → shadow → guard → traffic → diffs → canary → service → audit log → shutdown.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import { analyze } from '../analyzer/analyze.js';
import { AdminCallError, callAdmin, type AdminTarget } from '../gateway/admin/call-admin.js';
import { formatRate, formatTable } from '../common/format-table.js';
import type { ChangeOutcome } from '../gateway/admin/route-control.js';
import type { RouteDiffs } from '../gateway/admin/shadow-evidence.js';
import { loadConfig } from '../gateway/config/load-config.js';
import { createGateway } from '../gateway/create-gateway.js';
import type { RouteEvent } from '../gateway/store/route-events-store.js';
import { fillCatalogDatabase } from '../services/catalog/fill-database.js';
import { CATALOG_TABLES } from '../services/catalog/migrations/index.js';
import { startChild, type RunningChild } from './child-process.js';
import type { Cleanup } from './cleanup.js';
import { writeDemoGatewayConfig } from './gateway-config.js';
import { fixtureDir } from './paths.js';
import { check, type DemoStep } from './run-steps.js';
import { formatCounts, sampleUrl, sendTraffic, type SentRequest } from './traffic.js';

export interface StranglerOptions {
  /** Work folder: reports, databases, logs and the gateway config go here. */
  dir: string;
  /** Shadow comparisons each route needs before the guard lets it take traffic. */
  minSamples: number;
  /** Canary share in percent. */
  canaryPercent: number;
}

const SEAM = 'catalog';
const NOISE_FIELDS = ['$.generatedAt', '$.requestId'];

/** The demo's steps over shared state; everything started is registered with `cleanup`. */
export function createStranglerSteps(o: StranglerOptions, cleanup: Cleanup): DemoStep[] {
  const file = (name: string) => path.join(o.dir, name);
  const shopFile = file('shop.db');
  const catalogDb = `sqlite:${file('catalog.db')}`;
  let monolith: RunningChild;
  let catalog: RunningChild;
  let gatewayUrl = '';
  let admin: AdminTarget;
  let readRoutes: { id: string; path: string }[] = [];

  const diffsOf = (id: string) => callAdmin<RouteDiffs>(admin, 'GET', `/api/routes/${encodeURIComponent(id)}/diffs`);
  const cutover = (id: string, body: object) => callAdmin<ChangeOutcome>(admin, 'PATCH', `/api/routes/${encodeURIComponent(id)}`, body);
  const trafficFor = (perRoute: number, offset = 0, headers?: Record<string, string>): SentRequest[] =>
    Array.from({ length: perRoute }, (_, i) => readRoutes.map((r) => ({ path: sampleUrl(r.path, offset + i), headers }))).flat();

  /** Polls every read route's diffs until each has `want` comparisons or the counts stop moving. */
  async function awaitComparisons(want: number): Promise<Map<string, RouteDiffs>> {
    const deadline = Date.now() + 30_000;
    let last = '';
    let still = 0;
    for (;;) {
      const all = new Map(await Promise.all(readRoutes.map(async (r) => [r.id, await diffsOf(r.id)] as const)));
      const counts = [...all.values()].map((d) => d.compared).join(',');
      if ([...all.values()].every((d) => d.compared >= want)) return all;
      still = counts === last ? still + 1 : 0;
      last = counts;
      if (still >= 10 || Date.now() > deadline) return all; // settled below `want`: the caller decides
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  return [
    {
      title: `Analyze the monolith: ficus analyze ${path.basename(fixtureDir)} -o ${o.dir}`,
      run: async (say) => {
        const { report, written } = await analyze({ dir: fixtureDir, outDir: o.dir });
        const s = report.stats;
        say(`${s.modules} modules, ${s.tables} tables, ${s.routes} routes → ${report.seams.length} seams suggested`);
        const ranked = [...report.seams].sort((a, b) => a.extractionOrder - b.extractionOrder);
        say(`extraction order: ${ranked.map((x) => `${x.extractionOrder}. ${x.id}`).join(', ')}`);
        const seam = report.seams.find((x) => x.id === SEAM);
        check(seam, `no "${SEAM}" seam in the report (seams: ${report.seams.map((x) => x.id).join(', ')})`);
        const tables = new Set([...seam.ownedTables, ...seam.sharedTables.map((t) => t.table)]);
        const missing = CATALOG_TABLES.filter((t) => !tables.has(t));
        check(missing.length === 0, `the ${SEAM} seam does not use ${missing.join(', ')}, which the catalog service serves`);
        say(`${SEAM}: rank ${seam.extractionOrder}, ${seam.routes.length} routes, owns ${seam.ownedTables.join(', ') || 'no table alone'}, shares ${seam.sharedTables.map((t) => t.table).join(', ')}`);
        if (seam.why) say(`why: ${seam.why}`);
        say(`reports: ${written.map(show).join(', ')}`);
        return `the analyzer finds the ${SEAM} seam (rank ${seam.extractionOrder} of ${report.seams.length}) with its routes and the tables to take along`;
      },
    },
    {
      title: 'Start the monolith (the shop, one process, one database)',
      run: async (say) => {
        monolith = await startChild({
          name: 'monolith',
          module: 'monolith-fixture/src/server',
          env: { PORT: '0', HOST: '127.0.0.1', DATABASE_URL: shopFile },
          logFile: file('monolith.log'),
          readUrl: (line) => /shop listening on (http:\/\/\S+)/.exec(line)?.[1],
        });
        cleanup.defer('monolith', async () => describeExit(await monolith.stop()));
        const res = await fetch(`${monolith.url}/api/products?limit=1`);
        check(res.status === 200, `GET /api/products answered ${res.status}`);
        const { total } = (await res.json()) as { total: number };
        say(`pid ${monolith.pid} on ${monolith.url}, database ${show(shopFile)} (seeded: ${total} active products)`);
        return 'the shop serves its catalog from its own database, as in production';
      },
    },
    {
      title: `Give the catalog its own database: ficus data copy --tables ${CATALOG_TABLES.join(',')}`,
      run: async (say) => {
        const report = await fillCatalogDatabase({ from: `sqlite:${shopFile}`, to: catalogDb });
        say(`migrated ${catalogDb} (${report.migrated.join(', ') || 'already up to date'}), copied in ${(report.ms / 1000).toFixed(1)} s:`);
        const rows = report.tables.map((t) => [t.table, String(t.source.rows), String(t.target.rows), t.source.checksum.slice(0, 12), t.match ? 'ok' : 'MISMATCH']);
        say(formatTable(['TABLE', 'MONOLITH ROWS', 'SERVICE ROWS', 'CHECKSUM', 'VERIFIED'], rows, new Set([1, 2])).trimEnd());
        check(report.ok, `verification failed for ${report.tables.filter((t) => !t.match).map((t) => t.table).join(', ')}`);
        return 'the catalog tables are copied with equal row counts and checksums on both sides';
      },
    },
    {
      title: 'Start the catalog service (its own process, its own database)',
      run: async (say) => {
        catalog = await startChild({
          name: 'catalog service',
          module: 'services/catalog/server',
          env: { PORT: '0', HOST: '127.0.0.1', DATABASE_URL: catalogDb, LOG_LEVEL: 'info' },
          logFile: file('catalog.log'),
          readUrl: (line) => readKitListening(line),
        });
        cleanup.defer('catalog service', async () => describeExit(await catalog.stop()));
        const ready = await fetch(`${catalog.url}/readyz`);
        check(ready.status === 200, `catalog /readyz answered ${ready.status}`);
        say(`pid ${catalog.pid} on ${catalog.url}, database ${catalogDb}; /readyz: ready (its database answers)`);
        return 'the extracted service runs on its own, built on the service kit';
      },
    },
    {
      title: 'Start the gateway in front of the monolith (config from the analyzer’s draft)',
      run: async (say) => {
        const configFile = file('ficus.gateway.yaml');
        const written = writeDemoGatewayConfig({
          draftFile: file('gateway.draft.yaml'),
          outFile: configFile,
          monolithUrl: monolith.url,
          serviceName: SEAM,
          serviceUrl: catalog.url,
          storeUrl: `sqlite:${file('gateway.db')}`,
          minSamples: o.minSamples,
        });
        const token = randomBytes(24).toString('base64url');
        const config = loadConfig(configFile, { ...process.env, FICUS_ADMIN_TOKEN: token });
        readRoutes = written.readRoutes.map((id) => ({ id, path: config.routes.find((r) => r.id === id)!.match.path }));
        const gateway = createGateway(config, { logger: pino({ level: 'info' }, createWriteStream(file('gateway.log'))) });
        const { port, adminPort } = await gateway.listen();
        cleanup.defer('gateway', async () => {
          await gateway.close();
          return 'drained and closed';
        });
        gatewayUrl = `http://127.0.0.1:${port}`;
        admin = { url: `http://127.0.0.1:${adminPort}`, token };
        const probe = await fetch(`${gatewayUrl}/api/products/1`);
        await probe.arrayBuffer();
        check(probe.status === 200 && probe.headers.get('x-ficus-backend') === 'monolith', `GET /api/products/1 through the gateway: ${probe.status} from ${probe.headers.get('x-ficus-backend')}`);
        say(`config ${show(configFile)}: ${config.routes.length} ${SEAM} routes (${readRoutes.length} reads, ${config.routes.length - readRoutes.length} writes kept on the monolith)`);
        say(`gateway ${gatewayUrl}, admin API ${admin.url} (token generated for this run, not written to disk)`);
        return 'clients now go through ficus, and the monolith still answers every route';
      },
    },
    {
      title: `Put the ${SEAM} read routes in shadow (admin API: PATCH /api/routes/:id {mode: shadow})`,
      run: async (say) => {
        for (const r of readRoutes) {
          const out = await cutover(r.id, { mode: 'shadow', reason: 'demo: compare the catalog service with the monolith' });
          check(out.state.mode === 'shadow', `${r.id} is ${out.state.mode}, not shadow`);
        }
        say(readRoutes.map((r) => `${r.id} (${r.path})`).join('\n'));
        return 'shadow needs no evidence: the monolith keeps answering, the service only gets copies';
      },
    },
    {
      title: 'Ask for a canary too early: the promote guard refuses',
      run: async (say) => {
        const first = await sendTraffic(gatewayUrl, trafficFor(2));
        check(first.failed === 0, `${first.failed} requests got no answer`);
        await awaitComparisons(2);
        const route = readRoutes.find((r) => r.path === '/api/products/:id') ?? readRoutes[0];
        say(`sent ${first.sent} requests (2 per route); now PATCH ${route.id} {mode: canary, percent: ${o.canaryPercent}}`);
        let refusal: AdminCallError | undefined;
        try {
          await cutover(route.id, { mode: 'canary', percent: o.canaryPercent, reason: 'demo: too early on purpose' });
        } catch (err) {
          if (!(err instanceof AdminCallError)) throw err;
          refusal = err;
        }
        check(refusal?.status === 409 && refusal.code === 'FICUS_ADMIN_GUARD_REFUSED', refusal ? `expected a 409 guard refusal, got ${refusal.message}` : 'the guard let a route with almost no evidence take traffic');
        say(`409 ${(refusal.body as { detail?: string }).detail ?? refusal.message}`);
        return `no traffic moves to a service before ${o.minSamples} matching shadow comparisons (the refusal is in the audit log)`;
      },
    },
    {
      title: 'Send real traffic through the gateway (loopback, bounded)',
      run: async (say) => {
        const perRoute = o.minSamples;
        let sent = 0;
        const byBackend: Record<string, number> = {};
        const byStatus: Record<string, number> = {};
        let diffs = new Map<string, RouteDiffs>();
        for (let round = 0; round < 3; round++) {
          const t = await sendTraffic(gatewayUrl, trafficFor(perRoute, 2 + round * perRoute));
          check(t.failed === 0, `${t.failed} requests got no answer`);
          sent += t.sent;
          for (const [k, v] of Object.entries(t.byBackend)) byBackend[k] = (byBackend[k] ?? 0) + v;
          for (const [k, v] of Object.entries(t.byStatus)) byStatus[k] = (byStatus[k] ?? 0) + v;
          diffs = await awaitComparisons(o.minSamples);
          if ([...diffs.values()].every((d) => d.compared >= o.minSamples)) break;
          say(`some copies were not compared yet (the gateway sheds shadow work under load); sending another round`);
        }
        say(`${sent} requests, answers ${formatCounts(byStatus)}, answered by ${formatCounts(byBackend)}`);
        check(Object.keys(byBackend).join() === 'monolith', `shadow answers must all come from the monolith (got ${formatCounts(byBackend)})`);
        const short = readRoutes.filter((r) => (diffs.get(r.id)?.compared ?? 0) < o.minSamples);
        check(short.length === 0, `too few comparisons for ${short.map((r) => `${r.id} (${diffs.get(r.id)?.compared ?? 0})`).join(', ')}`);
        return 'every client was answered by the monolith while each request was also compared against the service';
      },
    },
    {
      title: 'Read the shadow diffs (ficus diffs <route>)',
      run: async (say) => {
        const all = await Promise.all(readRoutes.map((r) => diffsOf(r.id)));
        const rows = all.map((d) => {
          const real = d.fields.filter((f) => !f.noise);
          const noise = d.fields.filter((f) => f.noise).map((f) => f.path);
          return [d.route, String(d.compared), String(d.matched), formatRate(d.matchRate), real.map((f) => `${f.path} (${f.count})`).join(' ') || 'none', noise.join(' ') || '-'];
        });
        say(formatTable(['ROUTE', 'COMPARED', 'MATCHED', 'MATCH', 'REAL DIFFERENCES', 'NOISE'], rows, new Set([1, 2, 3])).trimEnd());
        const real = all.flatMap((d) => d.fields.filter((f) => !f.noise).map((f) => `${d.route} ${f.path} ×${f.count}`));
        check(real.length === 0, `real differences between the monolith and the service: ${real.join(', ')}`);
        const noiseSeen = new Set(all.flatMap((d) => d.fields.filter((f) => f.noise).map((f) => f.path)));
        const unseen = NOISE_FIELDS.filter((f) => !noiseSeen.has(f));
        check(unseen.length === 0, `${unseen.join(', ')} were not recognised as noise`);
        const generated = all.map((d) => d.fields.find((f) => f.path === '$.generatedAt')).filter((f) => f !== undefined);
        say(`noise: ${NOISE_FIELDS.join(' and ')} differ on every call, and also between two calls to the monolith itself ` + `(${generated.reduce((n, f) => n + f.noiseCount, 0)} monolith-vs-monolith differences), so they do not count`);
        return 'the service answers like the monolith: noise told apart, no real difference';
      },
    },
    {
      title: `Promote to a sticky canary: ${o.canaryPercent}% of users to the service`,
      run: async (say) => {
        for (const r of readRoutes) {
          const out = await cutover(r.id, { mode: 'canary', percent: o.canaryPercent, reason: 'demo: shadow diffs are clean' });
          check(out.state.mode === 'canary', `${r.id} is ${out.state.mode}`);
        }
        say(`${readRoutes.length} routes shadow → canary ${o.canaryPercent}% (the guard checked each route's evidence)`);
        const users = Array.from({ length: 40 }, (_, u) => `user-${String(u + 1).padStart(2, '0')}`);
        const route = readRoutes.find((r) => r.path === '/api/products/:id') ?? readRoutes[0];
        const visits = users.flatMap((u) => [0, 1, 2].map((k) => ({ path: sampleUrl(route.path, k * 7 + 1), headers: { 'x-user-id': u } })));
        const t = await sendTraffic(gatewayUrl, visits);
        check(t.failed === 0 && (t.byStatus['200'] ?? 0) === visits.length, `canary answers: ${formatCounts(t.byStatus)}`);
        const backendOf = new Map<string, Set<string>>();
        visits.forEach((v, i) => backendOf.set(v.headers['x-user-id'], (backendOf.get(v.headers['x-user-id']) ?? new Set()).add(t.answers[i].backend)));
        const switched = users.filter((u) => backendOf.get(u)!.size !== 1);
        const onService = users.filter((u) => backendOf.get(u)!.has('service')).length;
        say(`${users.length} users × 3 requests to ${route.path}: ${onService} users on the service, ${users.length - onService} on the monolith`);
        check(switched.length === 0, `users switched backend between requests: ${switched.join(', ')}`);
        check(onService > 0 && onService < users.length, `a ${o.canaryPercent}% canary sent ${onService} of ${users.length} users to the service`);
        return 'a share of users gets the service, and each user keeps the same backend on every request (sticky on x-user-id)';
      },
    },
    {
      title: 'Promote to service: the catalog now answers every catalog read',
      run: async (say) => {
        for (const r of readRoutes) {
          const out = await cutover(r.id, { mode: 'service', reason: 'demo: canary healthy' });
          check(out.state.mode === 'service', `${r.id} is ${out.state.mode}`);
        }
        const t = await sendTraffic(gatewayUrl, trafficFor(3, 500));
        say(`${t.sent} requests: answered by ${formatCounts(t.byBackend)}, ${formatCounts(t.byStatus)}`);
        check(t.failed === 0 && Object.keys(t.byBackend).join() === 'service', `after cutover the answers came from ${formatCounts(t.byBackend)}`);
        const same = await Promise.all(
          ['/api/products/42', '/api/categories/3/products?limit=5', '/api/search?q=smart'].map(async (url) => {
            const [viaGateway, direct] = await Promise.all([fetch(gatewayUrl + url).then((r) => r.json()), fetch(monolith.url + url).then((r) => r.json())]);
            return JSON.stringify(dropPerCall(viaGateway)) === JSON.stringify(dropPerCall(direct));
          }),
        );
        check(same.every(Boolean), 'an answer from the service differs from the monolith’s');
        say('spot check: the service’s answers equal the monolith’s, generatedAt/requestId aside');
        return 'the route is strangled: the monolith no longer serves catalog reads, and clients see no difference';
      },
    },
    {
      title: 'Show the audit log (ficus events)',
      run: async (say) => {
        const { events } = await callAdmin<{ events: (RouteEvent & { time: string })[] }>(admin, 'GET', '/api/events?limit=200');
        const route = readRoutes.find((r) => r.path === '/api/products/:id') ?? readRoutes[0];
        const mine = events.filter((e) => e.routeId === route.id).reverse();
        const where = (s: { mode: string; percent: number }) => (s.mode === 'canary' ? `canary ${s.percent}%` : s.mode);
        say(formatTable(['TIME', 'ROUTE', 'ACTION', 'FROM → TO', 'WHO', 'WHY'], mine.map((e) => [e.time, e.routeId, e.action, `${where(e.from)} → ${where(e.to)}`, e.who, e.why])).trimEnd());
        const byAction: Record<string, number> = {};
        for (const e of events) byAction[e.action] = (byAction[e.action] ?? 0) + 1;
        say(`all routes: ${events.length} events (${formatCounts(byAction)})`);
        check(mine.some((e) => e.action === 'refused'), 'the refused promotion is missing from the audit log');
        check(mine.at(-1)?.to.mode === 'service', 'the last event does not move the route to service');
        return 'every change, and the refusal, is recorded with who, when and why';
      },
    },
    {
      title: 'Shut everything down',
      run: async (say) => {
        const ports = [monolith.url, catalog.url, gatewayUrl, admin.url];
        const results = await cleanup.run();
        for (const r of results) say(`${r.name}: ${r.detail}`);
        check(results.every((r) => r.ok), `could not stop ${results.filter((r) => !r.ok).map((r) => r.name).join(', ')}`);
        const unclean = results.filter((r) => /exit/.test(r.detail) && r.detail !== 'exit 0');
        check(unclean.length === 0, `unclean exits: ${unclean.map((r) => `${r.name} ${r.detail}`).join(', ')}`);
        const open = (await Promise.all(ports.map(async (u) => ((await fetch(`${u}/healthz`).then(() => true, () => false)) ? u : '')))).filter(Boolean);
        check(open.length === 0, `still answering: ${open.join(', ')}`);
        return 'nothing is left running: every process exited cleanly and every port is closed';
      },
    },
  ];
}

/** A path as people read it: relative when under the current folder, absolute otherwise. */
function show(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

function describeExit(r: { code: number | null; signal: NodeJS.Signals | null }): string {
  return r.signal ? `killed by ${r.signal}` : `exit ${r.code}`;
}

/** The kit's pino line `{"msg":"listening","port":…,"host":…}` → its URL. */
function readKitListening(line: string): string | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const entry = JSON.parse(line) as { msg?: string; port?: number; host?: string };
    return entry.msg === 'listening' && entry.port ? `http://${entry.host ?? '127.0.0.1'}:${entry.port}` : undefined;
  } catch {
    return undefined;
  }
}

function dropPerCall(body: unknown): unknown {
  if (body === null || typeof body !== 'object') return body;
  const { generatedAt: _g, requestId: _r, ...rest } = body as Record<string, unknown>;
  return rest;
}

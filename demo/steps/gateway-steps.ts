// Steps 5–7: the gateway in front of the monolith, the catalog reads in shadow, and the promote guard
// refusing a canary that has no evidence yet.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { pino } from 'pino';
import { AdminCallError } from '../../gateway/admin/call-admin.js';
import { loadConfig } from '../../gateway/config/load-config.js';
import { createGateway } from '../../gateway/create-gateway.js';
import { writeDemoGatewayConfig } from '../gateway-config.js';
import { check, type DemoStep } from '../run-steps.js';
import { sendTraffic } from '../traffic.js';
import { awaitComparisons, cutover, routeOf, trafficFor } from './admin-calls.js';
import { need, SEAM, show, type DemoContext } from './demo-context.js';

export function startGatewayStep(ctx: DemoContext): DemoStep {
  return {
    title: 'Start the gateway in front of the monolith (config from the analyzer’s draft)',
    run: async (say) => {
      const configFile = ctx.file('ficus.gateway.yaml');
      const written = writeDemoGatewayConfig({
        draftFile: ctx.file('gateway.draft.yaml'),
        outFile: configFile,
        monolithUrl: need(ctx.monolith, 'the monolith').url,
        monolithDb: ctx.shopDb,
        serviceName: SEAM,
        serviceUrl: need(ctx.catalog, 'the catalog service').url,
        storeUrl: `sqlite:${ctx.file('gateway.db')}`,
        minSamples: ctx.options.minSamples,
      });
      const token = randomBytes(24).toString('base64url');
      const config = loadConfig(configFile, { ...process.env, FICUS_ADMIN_TOKEN: token });
      const routeOfId = (id: string) => {
        const r = config.routes.find((x) => x.id === id)!;
        return { id, path: r.match.path, methods: r.match.methods ?? [] };
      };
      ctx.readRoutes = written.readRoutes.map(routeOfId);
      ctx.writeRoutes = written.writeRoutes.map(routeOfId);
      const writes = config.routes.filter((r) => written.writeRoutes.includes(r.id)).map((r) => `${r.match.methods?.join('/')} ${r.match.path} (${r.tables?.join(', ') || 'no table'})`);
      const gateway = createGateway(config, { logger: pino({ level: 'info' }, createWriteStream(ctx.file('gateway.log'))) });
      const { port, adminPort } = await gateway.listen();
      ctx.cleanup.defer('gateway', async () => {
        await gateway.close();
        return 'drained and closed';
      });
      ctx.gatewayUrl = `http://127.0.0.1:${port}`;
      ctx.admin = { url: `http://127.0.0.1:${adminPort}`, token };
      const probe = await fetch(`${ctx.gatewayUrl}/api/products/1`);
      await probe.arrayBuffer();
      check(probe.status === 200 && probe.headers.get('x-ficus-backend') === 'monolith', `GET /api/products/1 through the gateway: ${probe.status} from ${probe.headers.get('x-ficus-backend')}`);
      say(`config ${show(configFile)}: ${config.routes.length} ${SEAM} routes (${ctx.readRoutes.length} reads, ${ctx.writeRoutes.length} writes kept on the monolith)`);
      say(`the writes and the tables the draft says they write: ${writes.join(', ')}`);
      say(`gateway ${ctx.gatewayUrl}, admin API ${ctx.admin.url} (token generated for this run, not written to disk)`);
      return 'clients now go through ficus, and the monolith still answers every route';
    },
  };
}

export function shadowReadsStep(ctx: DemoContext): DemoStep {
  return {
    title: `Put the ${SEAM} read routes in shadow (admin API: PATCH /api/routes/:id {mode: shadow})`,
    run: async (say) => {
      for (const r of ctx.readRoutes) {
        const out = await cutover(ctx, r.id, { mode: 'shadow', reason: 'demo: compare the catalog service with the monolith' });
        check(out.state.mode === 'shadow', `${r.id} is ${out.state.mode}, not shadow`);
      }
      say(ctx.readRoutes.map((r) => `${r.id} (${r.path})`).join('\n'));
      return 'shadow needs no evidence: the monolith keeps answering, the service only gets copies';
    },
  };
}

export function guardRefusesStep(ctx: DemoContext): DemoStep {
  return {
    title: 'Ask for a canary too early: the promote guard refuses',
    run: async (say) => {
      const { canaryPercent, minSamples } = ctx.options;
      const first = await sendTraffic(need(ctx.gatewayUrl, 'the gateway'), trafficFor(ctx, 2));
      check(first.failed === 0, `${first.failed} requests got no answer`);
      await awaitComparisons(ctx, 2);
      const route = routeOf(ctx.readRoutes, '/api/products/:id');
      say(`sent ${first.sent} requests (2 per route); now PATCH ${route.id} {mode: canary, percent: ${canaryPercent}}`);
      let refusal: AdminCallError | undefined;
      try {
        await cutover(ctx, route.id, { mode: 'canary', percent: canaryPercent, reason: 'demo: too early on purpose' });
      } catch (err) {
        if (!(err instanceof AdminCallError)) throw err;
        refusal = err;
      }
      check(refusal?.status === 409 && refusal.code === 'FICUS_ADMIN_GUARD_REFUSED', refusal ? `expected a 409 guard refusal, got ${refusal.message}` : 'the guard let a route with almost no evidence take traffic');
      say(`409 ${(refusal.body as { detail?: string }).detail ?? refusal.message}`);
      return `no traffic moves to a service before ${minSamples} matching shadow comparisons (the refusal is in the audit log)`;
    },
  };
}

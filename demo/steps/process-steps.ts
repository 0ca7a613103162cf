// Steps 2 and 4: the monolith and the catalog service, each its own process with its own database.
import { startChild } from '../child-process.js';
import { check, type DemoStep } from '../run-steps.js';
import { show, type DemoContext } from './demo-context.js';

export function startMonolithStep(ctx: DemoContext): DemoStep {
  return {
    title: 'Start the monolith (the shop, one process, one database)',
    run: async (say) => {
      const monolith = await startChild({
        name: 'monolith',
        module: 'monolith-fixture/src/server',
        env: { PORT: '0', HOST: '127.0.0.1', DATABASE_URL: ctx.shopFile },
        logFile: ctx.file('monolith.log'),
        readUrl: (line) => /shop listening on (http:\/\/\S+)/.exec(line)?.[1],
      });
      ctx.monolith = monolith;
      ctx.cleanup.defer('monolith', async () => describeExit(await monolith.stop()));
      const res = await fetch(`${monolith.url}/api/products?limit=1`);
      check(res.status === 200, `GET /api/products answered ${res.status}`);
      const { total } = (await res.json()) as { total: number };
      say(`pid ${monolith.pid} on ${monolith.url}, database ${show(ctx.shopFile)} (seeded: ${total} active products)`);
      return 'the shop serves its catalog from its own database, as in production';
    },
  };
}

export function startCatalogStep(ctx: DemoContext): DemoStep {
  return {
    title: 'Start the catalog service (its own process, its own database)',
    run: async (say) => {
      const catalog = await startChild({
        name: 'catalog service',
        module: 'services/catalog/server',
        env: { PORT: '0', HOST: '127.0.0.1', DATABASE_URL: ctx.catalogDb, LOG_LEVEL: 'info' },
        logFile: ctx.file('catalog.log'),
        readUrl: (line) => readKitListening(line),
      });
      ctx.catalog = catalog;
      ctx.cleanup.defer('catalog service', async () => describeExit(await catalog.stop()));
      const ready = await fetch(`${catalog.url}/readyz`);
      check(ready.status === 200, `catalog /readyz answered ${ready.status}`);
      say(`pid ${catalog.pid} on ${catalog.url}, database ${ctx.catalogDb}; /readyz: ready (its database answers)`);
      return 'the extracted service runs on its own, built on the service kit';
    },
  };
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

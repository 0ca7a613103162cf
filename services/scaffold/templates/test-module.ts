// test/<name>.test.ts of a generated service: boots it on port 0 against a fresh SQLite database and
// checks it is alive, ready, owns its tables and has every route wired.
import type { ScaffoldModel } from '../scaffold-model.js';
import { camel } from './service-module.js';

export function renderTestModule(m: ScaffoldModel): string {
  const def = camel(m.pascal);
  return `// Boots the ${m.name} service on a free port against its own freshly migrated SQLite database (generated
// by \`ficus new-service\`). The route checks hold before and after a handler is written: a route is wired
// when the service does not answer "no such route"; unwritten ones answer 501 problem+json.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_NOT_FOUND_TYPE, openKnex, type Service } from 'ficus/kit';
import { createTestService } from 'ficus/testing';
import { ROUTES } from '../src/routes/index.js';
import { ${def}, type ${m.pascal}Deps } from '../src/service.js';
import type { ${m.pascal}Config } from '../src/config.js';

const OWNED_TABLES: string[] = ${JSON.stringify(m.ownedTables)};

/** A concrete path for a route pattern: ":id" → "1", "*rest" → "x", optional groups kept. */
function samplePath(pattern: string): string {
  return pattern.replace(/:(\\w+)/g, '1').replace(/\\*(\\w+)/g, 'x').replace(/[{}]/g, '');
}

describe('${m.name} service', () => {
  const { knex } = openKnex('sqlite::memory:');
  let service: Service<${m.pascal}Deps, ${m.pascal}Config>;

  beforeAll(async () => {
    service = await createTestService(${def}, { db: knex }); // migrated by the definition's setup
  });
  afterAll(() => service?.close());

  it('is alive and ready on its own database', async () => {
    expect((await fetch(\`\${service.url()}/healthz\`)).status).toBe(200);
    const ready = await fetch(\`\${service.url()}/readyz\`);
    expect(await ready.json()).toMatchObject({ status: 'ready', failed: [] });
  });

  it('owns its tables', async () => {
    for (const table of OWNED_TABLES) expect(await knex.schema.hasTable(table), table).toBe(true);
  });

  it.each(ROUTES.map((r) => [\`\${r.method} \${r.path}\`, r] as const))('serves %s', async (_label, route) => {
    const method = route.method === 'ALL' ? 'GET' : route.method;
    const hasBody = !['GET', 'HEAD', 'OPTIONS', 'DELETE'].includes(method);
    const res = await fetch(service.url() + samplePath(route.path), { method, headers: hasBody ? { 'content-type': 'application/json' } : {}, body: hasBody ? '{}' : undefined });
    const body = method !== 'HEAD' && /json/.test(res.headers.get('content-type') ?? '') ? ((await res.json()) as { type?: string }) : {};
    expect(body.type).not.toBe(ROUTE_NOT_FOUND_TYPE);
    expect(res.status).toBeLessThan(502);
  });
});
`;
}

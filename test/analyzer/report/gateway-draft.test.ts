import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfigText } from '../../../gateway/config/load-config.js';
import { findShadowedRoutes } from '../../../gateway/config/find-shadowed-routes.js';
import { gatewayConfigSchema } from '../../../gateway/config/schema.js';
import { renderGatewayDraft, toGatewayPath } from '../../../analyzer/report/gateway-draft.js';
import { createShopFacts } from '../seams/shop-facts.js';
import { createShopReport } from './shop-report.js';

describe('gateway.draft.yaml', () => {
  it('has one monolith-mode route per route of the top-ranked seam, pointing at a placeholder service', () => {
    const report = createShopReport();
    const top = report.seams.find((s) => s.extractionOrder === 1)!;
    const draft = parse(renderGatewayDraft(report));
    expect(draft.routes).toHaveLength(top.routes.length);
    expect(draft.routes.map((r: { match: { path: string } }) => r.match.path).sort()).toEqual(top.routes.map((r) => r.split(' ')[1]).sort());
    for (const r of draft.routes) expect(r).toMatchObject({ service: top.id, mode: 'monolith' });
    expect(draft.services[top.id].url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('lists routes as declared, catch-alls after what they would shadow: no route of the draft can never match', () => {
    const facts = createShopFacts({
      'src/catalog/routes.ts': {
        imports: ['src/catalog/model.ts', 'src/catalog/service.ts'],
        // an SPA fallback and a legacy prefix declared before the API, as real apps do by accident
        routes: ['GET /api/products/:id', 'GET /*', 'ALL /api/products/legacy/*', 'GET /api/products/legacy/top', 'POST /api/products'],
      },
    });
    const routes = parse(renderGatewayDraft(createShopReport(facts), { seam: 'catalog' })).routes as { id: string; match: { path: string; methods?: string[] } }[];
    expect(routes.map((r) => `${r.match.methods?.[0] ?? 'ALL'} ${r.match.path}`)).toEqual([
      'GET /api/products/:id',
      'GET /api/products/legacy/top',
      'POST /api/products',
      'ALL /api/products/legacy/*',
      'GET /*',
    ]);
    expect(findShadowedRoutes(routes)).toEqual([]);
  });

  it('marks each write route with the tables written on its way in its own seam, for the data sync guard; reads carry none', () => {
    const report = createShopReport();
    const tablesOf = (seam: string) =>
      Object.fromEntries((parse(renderGatewayDraft(report, { seam })).routes as { match: { methods: string[]; path: string }; tables?: string[] }[]).map((r) => [`${r.match.methods[0]} ${r.match.path}`, r.tables]));
    // routes.ts → service.ts → repo.ts writes both; reads are left out
    expect(tablesOf('catalog')).toEqual({ 'GET /api/products': undefined, 'GET /api/products/:id': undefined, 'POST /api/products': ['categories', 'products'] });
    // orders/service.ts imports the catalog's service, whose repo writes products: another seam's writes are not this route's
    expect(tablesOf('orders')).toEqual({ 'GET /api/orders/:id': undefined, 'POST /api/orders': ['order_items', 'orders'] });
  });

  it('passes the gateway schema and the full validator', () => {
    const text = renderGatewayDraft(createShopReport());
    expect(gatewayConfigSchema.safeParse(parse(text)).success).toBe(true);
    const validated = parseConfigText(text, {});
    expect(validated.ok ? [] : validated.problems).toEqual([]);
  });

  it('stays valid with express-only path syntax, duplicate route ids and every-method routes', () => {
    const facts = createShopFacts({
      'src/catalog/routes.ts': {
        imports: ['src/catalog/model.ts', 'src/catalog/service.ts'],
        routes: ['GET /api/products/:id(\\d+)', 'GET /api/products/:id(\\d+)', 'ALL /api/products/legacy/*', 'DELETE /api/products/:id?', 'GET /api/(weird)'],
      },
    });
    const text = renderGatewayDraft(createShopReport(facts), { seam: 'catalog' });
    const validated = parseConfigText(text, {});
    expect(validated.ok ? [] : validated.problems).toEqual([]);
    const routes = parse(text).routes;
    expect(new Set(routes.map((r: { id: string }) => r.id)).size).toBe(routes.length);
    expect(routes.find((r: { match: { path: string } }) => r.match.path === '/api/products/legacy/*').match.methods).toBeUndefined();
  });

  it('translates express paths to gateway patterns', () => {
    expect(toGatewayPath('/api/products/:id')).toBe('/api/products/:id');
    expect(toGatewayPath('/a/:id(\\d+)')).toBe('/a/:id');
    expect(toGatewayPath('/a/:id?')).toBe('/a{/:id}');
    expect(toGatewayPath('/files/*')).toBe('/files/*');
    expect(toGatewayPath('/a/*/b')).toBe('/a/*rest/b');
    expect(toGatewayPath('/weird/(x)')).toBe('/weird/*');
  });
});

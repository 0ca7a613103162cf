import { describe, expect, it } from 'vitest';
import { buildModuleGraph } from '../../../analyzer/graph/build-module-graph.js';
import { findTopFolders } from '../../../analyzer/graph/find-top-folders.js';
import { compileGlob } from '../../../analyzer/graph/match-glob.js';
import { createShopFacts } from './shop-facts.js';

describe('buildModuleGraph', () => {
  it('sets aside the db module, the logger and the composition root, with a reason each', () => {
    const graph = buildModuleGraph(createShopFacts());
    expect(graph.infrastructure).toEqual(['src/app.ts', 'src/lib/db.ts', 'src/lib/logger.ts']);
    expect(graph.infrastructureWhy['src/lib/logger.ts']).toMatch(/imported by 8 of 18 modules/);
    expect(graph.infrastructureWhy['src/app.ts']).toMatch(/composition root/);
    expect(graph.infrastructureWhy['src/lib/db.ts']).toMatch(/^a shared library: imported from 4 folders/);
    // no edge touches a hub, so hubs cannot glue seams together
    const hubs = new Set(graph.infrastructure);
    expect(graph.edges.filter((e) => hubs.has(e.source) || hubs.has(e.target))).toEqual([]);
    // their imports are still known, for the report
    expect(graph.imports).toContainEqual({ from: 'src/catalog/repo.ts', to: 'src/lib/db.ts' });
  });

  it('never treats a module that serves routes as infrastructure, however popular', () => {
    const importers = Object.fromEntries(
      ['a', 'b', 'c', 'd', 'e'].map((d) => [`src/${d}/x.ts`, { imports: ['src/health/routes.ts'] }]),
    );
    const graph = buildModuleGraph(createShopFacts({ ...importers, 'src/health/routes.ts': { routes: ['GET /healthz'] } }));
    expect(graph.infrastructure).not.toContain('src/health/routes.ts');
  });

  it('weighs a table written on both sides above one only read, and a rare table above a common one', () => {
    const graph = buildModuleGraph(createShopFacts());
    const table = (a: string, b: string) => graph.edges.find((e) => e.kind === 'table' && e.source === a && e.target === b);
    const writeWrite = table('src/orders/repo.ts', 'src/payments/repo.ts')!; // both write orders
    const writeRead = table('src/catalog/repo.ts', 'src/orders/repo.ts')!; // products: catalog writes, orders reads
    expect(writeWrite.tables).toEqual(['orders']);
    expect(writeWrite.weight).toBeGreaterThan(writeRead.weight);

    const crowded = buildModuleGraph(
      createShopFacts({ 'src/users/routes.ts': { imports: ['src/users/repo.ts'], tables: ['orders:r'], routes: ['GET /api/users/:id'] } }),
    );
    const shared = crowded.edges.find((e) => e.kind === 'table' && e.source === 'src/orders/repo.ts' && e.target === 'src/payments/repo.ts')!;
    expect(shared.weight).toBeLessThan(writeWrite.weight);
  });

  it('links the writers of tables joined by a foreign key', () => {
    const graph = buildModuleGraph(createShopFacts());
    const fk = graph.edges.find((e) => e.kind === 'fk' && e.source === 'src/orders/repo.ts' && e.target === 'src/users/repo.ts');
    expect(fk?.tables).toEqual(['orders→users']);
    expect(graph.foreignKeys).toContainEqual({ table: 'order_items', references: 'products' });
  });

  it('adds co-change edges from history in proportion to their degree', () => {
    const facts = createShopFacts();
    facts.coChanges = [{ a: 'src/users/repo.ts', b: 'src/payments/repo.ts', sharedRevisions: 6, degree: 0.8 }];
    const edge = buildModuleGraph(facts).edges.find((e) => e.kind === 'cochange');
    expect(edge).toMatchObject({ source: 'src/payments/repo.ts', target: 'src/users/repo.ts', weight: 0.4 });
  });

  it('sets aside seeds and tests, shared libraries, and what infrastructure itself uses', () => {
    const graph = buildModuleGraph(
      createShopFacts({
        'src/db/seeds/seed-all.ts': { tables: ['users:rw', 'products:rw', 'orders:rw'] },
        'test/orders.test.ts': { imports: ['src/orders/routes.ts'] },
        'src/lib/base-repo.ts': {},
        'src/users/repo.ts': { imports: ['src/users/model.ts', 'src/lib/db.ts', 'src/lib/base-repo.ts'], tables: ['users:rw'] },
        'src/payments/repo.ts': { imports: ['src/payments/model.ts', 'src/lib/db.ts', 'src/lib/base-repo.ts'], tables: ['payments:rw', 'orders:rw'] },
        'src/lib/logger.ts': { imports: ['src/lib/format.ts'] },
        'src/lib/format.ts': {},
      }),
    );
    expect(graph.infrastructureWhy['src/db/seeds/seed-all.ts']).toMatch(/^tooling/);
    expect(graph.infrastructureWhy['test/orders.test.ts']).toMatch(/^tooling/);
    expect(graph.infrastructureWhy['src/lib/base-repo.ts']).toMatch(/^a shared library: imported from 2 folders/);
    expect(graph.infrastructureWhy['src/lib/format.ts']).toMatch(/^used by infrastructure \(src\/lib\/logger\.ts\)/);
    expect(graph.infrastructure).not.toContain('src/users/repo.ts');
  });

  it('can be told a module is infrastructure', () => {
    const graph = buildModuleGraph(createShopFacts(), { infrastructure: ['src/users/repo.ts'] });
    expect(graph.infrastructureWhy['src/users/repo.ts']).toMatch(/config/);
  });
});

describe('findTopFolders', () => {
  it('uses the first folder below a common src/ and calls root files "root"', () => {
    const folders = findTopFolders(['src/orders/a.ts', 'src/orders/deep/b.ts', 'src/users/c.ts', 'src/server.ts', 'knexfile.ts']);
    expect(Object.fromEntries(folders)).toEqual({
      'src/orders/a.ts': 'orders',
      'src/orders/deep/b.ts': 'orders',
      'src/users/c.ts': 'users',
      'src/server.ts': 'root',
      'knexfile.ts': 'root',
    });
  });

  it('descends through src/domains when nearly everything lives there', () => {
    const folders = findTopFolders(['src/domains/a/x.ts', 'src/domains/b/y.ts', 'src/domains/c/z.ts', 'src/domains/c/w.ts', 'src/main.ts']);
    expect(folders.get('src/domains/a/x.ts')).toBe('a');
  });
});

describe('compileGlob', () => {
  it('matches folders, single and double stars', () => {
    expect(compileGlob('src/legacy')('src/legacy/a/b.ts')).toBe(true);
    expect(compileGlob('src/legacy/**')('src/legacy/a/b.ts')).toBe(true);
    expect(compileGlob('src/*/db.ts')('src/orders/db.ts')).toBe(true);
    expect(compileGlob('src/*/db.ts')('src/orders/x/db.ts')).toBe(false);
    expect(compileGlob('**/*.repo.ts')('a.repo.ts')).toBe(true);
    expect(compileGlob('src/legacy')('src/legacy2/a.ts')).toBe(false);
  });

  it('matches character classes and braces, and a leading ./ or trailing slash', () => {
    expect(compileGlob('src/[ab]/x.ts')('src/a/x.ts')).toBe(true);
    expect(compileGlob('src/[ab]/x.ts')('src/c/x.ts')).toBe(false);
    expect(compileGlob('src/{orders,billing}/**')('src/billing/repo.ts')).toBe(true);
    expect(compileGlob('src/?.ts')('src/a.ts')).toBe(true);
    expect(compileGlob('./src/legacy/')('src/legacy/a.ts')).toBe(true);
  });
});

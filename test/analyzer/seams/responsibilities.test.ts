// Seams follow responsibilities, not just edges: each rule on a tiny tree written for it.
import { describe, expect, it } from 'vitest';
import { buildModuleGraph } from '../../../analyzer/graph/build-module-graph.js';
import { suggestSeams } from '../../../analyzer/seams/suggest-seams.js';
import { createFacts, type Spec } from './shop-facts.js';

// An express app cut by layer, as many are: routes/, handlers/, queries/ per resource, one knex handle.
// The handlers call across resources (deleting a user deletes their links), so imports alone are ambiguous.
const LAYERED: Record<string, Spec> = {
  'server/server.js': { imports: ['server/routes/index.js', 'server/env.js'] },
  'server/env.js': {},
  'server/knex.js': { imports: ['server/env.js'] },
  'server/routes/index.js': { imports: ['server/routes/link.routes.js', 'server/routes/user.routes.js', 'server/routes/domain.routes.js'] },
  'server/routes/link.routes.js': { imports: ['server/handlers/links.handler.js'], routes: ['GET /api/links', 'POST /api/links', 'DELETE /api/links/:id'] },
  'server/routes/user.routes.js': { imports: ['server/handlers/users.handler.js'], routes: ['GET /api/users', 'DELETE /api/users/:id'] },
  'server/routes/domain.routes.js': { imports: ['server/handlers/domains.handler.js'], routes: ['POST /api/domains', 'DELETE /api/domains/:id'] },
  'server/handlers/links.handler.js': { imports: ['server/queries/link.queries.js', 'server/queries/domain.queries.js', 'server/queries/user.queries.js'] },
  'server/handlers/users.handler.js': { imports: ['server/queries/user.queries.js', 'server/queries/link.queries.js', 'server/queries/domain.queries.js'] },
  'server/handlers/domains.handler.js': { imports: ['server/queries/domain.queries.js', 'server/queries/link.queries.js'] },
  'server/queries/link.queries.js': { imports: ['server/knex.js'], tables: ['links:rw', 'visits:rw'] },
  'server/queries/user.queries.js': { imports: ['server/knex.js'], tables: ['users:rw'] },
  'server/queries/domain.queries.js': { imports: ['server/knex.js'], tables: ['domains:rw'] },
};
const ENTRY = ['server/server.js'];

describe('seams that follow responsibilities', () => {
  it('in a tree cut by layer, gathers each resource across the layers by the table its files are named for', () => {
    const s = suggestSeams(buildModuleGraph(createFacts(LAYERED, ENTRY)));
    for (const [seam, stem] of [['links', 'link'], ['users', 'user'], ['domains', 'domain']]) {
      const files = [`server/routes/${stem}.routes.js`, `server/handlers/${stem}s.handler.js`, `server/queries/${stem}.queries.js`];
      expect(files.map((p) => s.assignment[p]), seam).toEqual([seam, seam, seam]);
    }
    expect(s.seams.map((x) => x.id).sort()).toEqual(['domains', 'links', 'users']);
  });

  it('ties a resolver to the model it is named for when no import says so (models reached through a global)', () => {
    const spec: Record<string, Spec> = {
      'server/index.js': { imports: ['server/models/links.js', 'server/models/users.js', 'server/graph/resolvers/link.js', 'server/graph/resolvers/user.js'] },
      'server/models/links.js': { tables: ['links:rw'] },
      'server/models/users.js': { tables: ['users:rw'] },
      // each resolver reads both tables: only the names say which model each belongs with
      'server/graph/resolvers/link.js': { tables: ['links:r', 'users:r'], routes: ['POST /graphql/links'] },
      'server/graph/resolvers/user.js': { tables: ['users:r', 'links:r'], routes: ['POST /graphql/users'] },
    };
    const s = suggestSeams(buildModuleGraph(createFacts(spec, ['server/index.js'])));
    expect(s.assignment['server/graph/resolvers/link.js']).toBe(s.assignment['server/models/links.js']);
    expect(s.assignment['server/graph/resolvers/user.js']).toBe(s.assignment['server/models/users.js']);
    expect(s.assignment['server/models/links.js']).toBe('links');
    expect(s.assignment['server/models/users.js']).toBe('users');
  });

  it('sets aside the router that mounts every other, the app setup and the db handle in a layered tree', () => {
    const graph = buildModuleGraph(createFacts(LAYERED, ENTRY));
    expect(graph.infrastructureWhy['server/routes/index.js']).toMatch(/^a composition root: mounts 3 routers/);
    expect(graph.infrastructureWhy['server/server.js']).toMatch(/^app setup/);
    expect(graph.infrastructureWhy['server/knex.js']).toMatch(/^a shared library: imported by modules about 3 different tables/);
    // one domain's router mounting its own sub-routers is that domain, not wiring
    const sub = buildModuleGraph(
      createFacts({
        ...LAYERED,
        'server/orders/index.js': { imports: ['server/orders/a.js', 'server/orders/b.js', 'server/orders/c.js'], routes: ['GET /orders'] },
        'server/orders/a.js': { routes: ['GET /orders/a'] },
        'server/orders/b.js': { routes: ['GET /orders/b'] },
        'server/orders/c.js': { routes: ['GET /orders/c'] },
      }),
    );
    expect(sub.infrastructure).not.toContain('server/orders/index.js');
  });

  it('weighs an import between modules named for different tables (a model’s association) like a foreign key', () => {
    const graph = buildModuleGraph(
      createFacts({
        'src/models/Document.ts': { imports: ['src/models/User.ts', 'src/models/documentHelpers.ts'], tables: ['documents:rw'] },
        'src/models/User.ts': { tables: ['users:rw'] },
        'src/models/documentHelpers.ts': {},
      }),
    );
    const weight = (a: string, b: string) => graph.edges.find((e) => e.kind === 'import' && e.source === a && e.target === b)?.weight;
    expect(weight('src/models/Document.ts', 'src/models/User.ts')).toBe(0.3);
    expect(weight('src/models/Document.ts', 'src/models/documentHelpers.ts')).toBe(1);
  });

  it('folds a seam with no route, entry point or table into the seam it imports most, and reports a shared one as a library', () => {
    const s = suggestSeams(
      buildModuleGraph(
        createFacts(
          {
            ...LAYERED,
            // a report builder over the links queries: no route, no table of its own
            'server/reports/summary.js': { imports: ['server/reports/format.js', 'server/queries/link.queries.js', 'server/queries/link.queries.js'] },
            'server/reports/format.js': {},
            'server/routes/link.routes.js': { imports: ['server/handlers/links.handler.js', 'server/reports/summary.js'], routes: ['GET /api/links'] },
            // a pair of helpers both other resources use, importing nothing
            'server/text/slug.js': { imports: ['server/text/words.js'] },
            'server/text/words.js': {},
            'server/handlers/users.handler.js': { imports: ['server/queries/user.queries.js', 'server/text/slug.js'] },
            'server/handlers/domains.handler.js': { imports: ['server/queries/domain.queries.js', 'server/text/slug.js'] },
          },
          ENTRY,
        ),
      ),
    );
    expect(s.assignment['server/reports/summary.js']).toBe('links');
    expect(s.assignment['server/reports/format.js']).toBe('links');
    expect(s.assignment['server/text/slug.js']).toBeNull();
    expect(s.infrastructureWhy['server/text/words.js']).toMatch(/^a library: no route, entry point or table of its own, used by 2 seams/);
    for (const seam of s.seams) expect(seam.routes.length + seam.ownedTables.length, seam.id).toBeGreaterThan(0);
  });

  it('keeps a seam that alone writes a table others only read: it owns that data', () => {
    const s = suggestSeams(
      buildModuleGraph(
        createFacts(
          {
            ...LAYERED,
            'server/handlers/users.handler.js': { imports: ['server/queries/user.queries.js', 'server/audit/audit.js'] },
            'server/audit/audit.js': { imports: ['server/audit/trail.js'], tables: ['audit_events:rw'] },
            'server/audit/trail.js': { tables: ['audit_events:rw'] },
            'server/queries/link.queries.js': { imports: ['server/knex.js'], tables: ['links:rw', 'visits:rw', 'audit_events:r'] },
            'server/queries/domain.queries.js': { imports: ['server/knex.js'], tables: ['domains:rw', 'audit_events:r'] },
          },
          ENTRY,
        ),
      ),
    );
    expect(s.assignment['server/audit/audit.js']).toBe('audit');
    expect(s.seams.find((x) => x.id === 'audit')!.modules).toEqual(['server/audit/audit.js', 'server/audit/trail.js']);
  });

  it('says when the code is one tangle, with its numbers, instead of inventing a split', () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const spec = Object.fromEntries(
      names.map((n) => [`src/core/${n}.ts`, { imports: names.filter((o) => o !== n).map((o) => `src/core/${o}.ts`), tables: [`t_${n}:rw`, 'shared:rw'], routes: [`GET /${n}`] }]),
    );
    const graph = buildModuleGraph(createFacts(spec));
    const s = suggestSeams(graph);
    expect(s.seams).toHaveLength(1);
    expect(s.tangle).toMatch(/^One tangle: community detection finds no split of the 8 clustered server modules \(modularity 0\.00, one seam holds 100%\)/);
    // asked for eight seams anyway (a clique splits all or nothing), it cuts them and says what they are worth
    const forced = suggestSeams(graph, { seams: 8 });
    expect(forced.seams).toHaveLength(8);
    expect(forced.tangle).toMatch(/^One tangle: the best split found has modularity -?0\.\d\d \(below 0\.15\) and cuts 100% of the import and data weight/);
    // a real split gets no such verdict
    expect(suggestSeams(buildModuleGraph(createFacts(LAYERED, ENTRY))).tangle).toBeUndefined();
  });

  it('calls one seam holding most of the code mostly a tangle, and keeps what can be cut from it', () => {
    const core = Array.from({ length: 12 }, (_, i) => `src/core/m${i}.ts`);
    const spec: Record<string, Spec> = Object.fromEntries(core.map((p, i) => [p, { imports: core.filter((q) => q !== p), tables: ['core:rw'], routes: [`GET /core/${i}`] }]));
    spec['src/billing/routes.ts'] = { imports: ['src/billing/repo.ts'], routes: ['POST /billing'] };
    spec['src/billing/repo.ts'] = { tables: ['invoices:rw'] };
    const s = suggestSeams(buildModuleGraph(createFacts(spec)));
    expect(s.seams.map((x) => x.modules.length).sort((a, b) => a - b)).toEqual([2, 12]);
    expect(s.tangle).toMatch(/^Mostly one tangle: the largest seam holds 86% of the 14 clustered server modules/);
  });
});

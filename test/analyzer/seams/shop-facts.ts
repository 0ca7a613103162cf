// A small hand-made shop, as facts: four domains, a db module and a logger imported from everywhere,
// a composition root, a table written by two domains, and foreign keys between domains.
import type { Facts, ModuleFacts, RouteFact, TableAccess } from '../../../analyzer/types.js';

export type Spec = { imports?: string[]; tables?: string[]; routes?: string[] };

const r = (table: string): string => `${table}:r`;
const w = (table: string): string => `${table}:rw`;

const SPEC: Record<string, Spec> = {
  'src/app.ts': { imports: ['src/catalog/routes.ts', 'src/orders/routes.ts', 'src/users/routes.ts', 'src/payments/routes.ts', 'src/lib/logger.ts'] },
  'src/lib/db.ts': {},
  'src/lib/logger.ts': {},
  'src/catalog/model.ts': {},
  'src/catalog/routes.ts': { imports: ['src/catalog/model.ts', 'src/catalog/service.ts', 'src/lib/logger.ts'], routes: ['GET /api/products', 'GET /api/products/:id', 'POST /api/products'] },
  'src/catalog/service.ts': { imports: ['src/catalog/model.ts', 'src/catalog/repo.ts', 'src/lib/logger.ts'] },
  'src/catalog/repo.ts': { imports: ['src/catalog/model.ts', 'src/lib/db.ts'], tables: [w('products'), w('categories')] },
  'src/orders/model.ts': {},
  'src/orders/routes.ts': { imports: ['src/orders/model.ts', 'src/orders/service.ts', 'src/lib/logger.ts'], routes: ['GET /api/orders/:id', 'POST /api/orders'] },
  'src/orders/service.ts': { imports: ['src/orders/model.ts', 'src/orders/repo.ts', 'src/catalog/service.ts', 'src/lib/logger.ts'] },
  'src/orders/repo.ts': { imports: ['src/orders/model.ts', 'src/lib/db.ts'], tables: [w('orders'), w('order_items'), r('products')] },
  'src/users/model.ts': {},
  'src/users/routes.ts': { imports: ['src/users/model.ts', 'src/users/repo.ts', 'src/lib/logger.ts'], routes: ['GET /api/users/:id'] },
  'src/users/repo.ts': { imports: ['src/users/model.ts', 'src/lib/db.ts'], tables: [w('users')] },
  'src/payments/model.ts': {},
  'src/payments/routes.ts': { imports: ['src/payments/model.ts', 'src/payments/service.ts', 'src/lib/logger.ts'], routes: ['POST /api/payments'] },
  'src/payments/service.ts': { imports: ['src/payments/model.ts', 'src/payments/repo.ts', 'src/lib/logger.ts'] },
  'src/payments/repo.ts': { imports: ['src/payments/model.ts', 'src/lib/db.ts'], tables: [w('payments'), w('orders')] },
};

/** Facts for the shop; `extra` adds or replaces modules to build a scenario. */
export function createShopFacts(extra: Record<string, Spec> = {}): Facts {
  return createFacts({ ...SPEC, ...extra });
}

/** Facts for any tiny tree given as path → imports, tables ("users:rw", "orders:r") and routes ("GET /x"). */
export function createFacts(spec: Record<string, Spec>, entryPoints: string[] = []): Facts {
  const modules: ModuleFacts[] = Object.entries(spec).map(([path, s]) => ({
    path,
    loc: 20,
    imports: s.imports ?? [],
    tables: (s.tables ?? []).map(toAccess),
  }));
  const routes: RouteFact[] = Object.entries(spec).flatMap(([file, s]) =>
    (s.routes ?? []).map((route, i) => {
      const [method, path] = route.split(' ');
      return { method, path, file, line: 10 + i };
    }),
  );
  return {
    root: '/tmp/shop',
    modules,
    accesses: modules.flatMap((m) => m.tables.map((t, i) => ({ ...t, file: m.path, line: 5 + i, call: `db('${t.table}')` }))),
    routes,
    foreignKeys: [
      { table: 'orders', column: 'user_id', references: { table: 'users', column: 'id' }, file: 'migrations/1.ts', line: 3 },
      { table: 'order_items', column: 'product_id', references: { table: 'products', column: 'id' }, file: 'migrations/1.ts', line: 9 },
    ],
    catalogReads: [],
    cycles: [],
    entryPoints: entryPoints.map((file) => ({ file, why: 'calls listen()' })),
    diagnostics: [],
    stats: { files: modules.length, testFiles: 0, externalImports: 0, durationMs: 1 },
  };
}

function toAccess(spec: string): TableAccess {
  const [table, mode] = spec.split(':');
  return { table, read: true, write: mode === 'rw' };
}

// The fixture meets the floor (counted from the tree) and EXPECTED.json agrees with the tree and the running app.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { startShop, type RunningShop } from '../src/start-shop.js';
import { fixtureDir, readExpected, request } from './http.js';

const srcDir = path.join(fixtureDir, 'src');

function sourceFiles(dir = srcDir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

const rel = (file: string) => path.relative(fixtureDir, file).split(path.sep).join('/');

/** Route registrations in the source: `x.get('/..'`, chained `.route(..).get(async`, and controller `{ method: 'get', path:` objects. */
function countDeclaredRoutes(): number {
  let n = 0;
  for (const file of sourceFiles()) {
    const text = readFileSync(file, 'utf8');
    n += [...text.matchAll(/(\b\w+|\))\.(get|post|put|patch|delete|all)\(\s*'\//g)].length; // `router.get('/…'` and `Router().get('/…'`
    n += [...text.matchAll(/\)\s*\.(get|post|put|patch|delete|all)\(async/g)].length;
    n += [...text.matchAll(/\{\s*method:\s*'(get|post|put|patch|delete)',\s*path:/g)].length;
  }
  return n;
}

describe('the fixture floor and its answer key', () => {
  const key = readExpected();

  it('has at least 60 source files, 8 domains, 20 tables and 40 routes in the tree', () => {
    expect(sourceFiles().length).toBeGreaterThanOrEqual(60);
    const domainDirs = readdirSync(srcDir, { withFileTypes: true }).filter(
      (e) => e.isDirectory() && readdirSync(path.join(srcDir, e.name)).some((f) => /-(routes|controller)\.ts$/.test(f)),
    );
    expect(domainDirs.length).toBeGreaterThanOrEqual(8);
    const created = sourceFiles(path.join(srcDir, 'db', 'migrations')).flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/createTable\('([a-z_]+)'/g)].map((m) => m[1]));
    expect(created.length).toBeGreaterThanOrEqual(20);
    expect([...created].sort()).toEqual([...key.tables].sort());
    expect(countDeclaredRoutes()).toBeGreaterThanOrEqual(40);
  });

  it('lists exactly as many routes as the source declares, none twice', () => {
    expect(key.routes).toHaveLength(countDeclaredRoutes());
    const ids = key.routes.map((r) => `${r.method} ${r.path}`);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('names only files that exist and tables that the migrations create', () => {
    const files = [...Object.keys(key.files), ...Object.values(key.domains).flat(), ...key.routes.map((r) => r.file)];
    for (const f of files) expect(existsSync(path.join(fixtureDir, f)), f).toBe(true);
    const tables = new Set(key.tables);
    for (const [file, access] of Object.entries(key.files)) {
      for (const t of [...access.reads, ...access.writes]) expect(tables.has(t), `${file}: ${t}`).toBe(true);
    }
    for (const fk of key.foreignKeys) expect(tables.has(fk.table) && tables.has(fk.references.table), `${fk.table}.${fk.column}`).toBe(true);
    expect(Object.keys(key.domains).length).toBeGreaterThanOrEqual(8);
  });

  describe('against the running app', () => {
    let shop: RunningShop;
    beforeAll(async () => {
      process.env.LOG_LEVEL = 'silent';
      shop = await startShop({ port: 0, databaseUrl: ':memory:' });
    });
    afterAll(async () => {
      await shop?.close();
    });

    it('serves every route of the key (no ROUTE_NOT_FOUND, no 500)', async () => {
      for (const route of key.routes) {
        const url = route.path.replace(/:[A-Za-z]+/g, '1');
        const method = route.method === 'ALL' ? 'GET' : route.method;
        const res = await request(shop.url, method, url, method === 'GET' || method === 'DELETE' ? undefined : {});
        expect({ route: `${route.method} ${route.path}`, code: res.body?.error?.code }).not.toEqual({ route: `${route.method} ${route.path}`, code: 'ROUTE_NOT_FOUND' });
        expect(res.status, `${route.method} ${route.path}`).toBeLessThan(500);
      }
    });
  });
});

describe('paths in the key', () => {
  it('are relative to monolith-fixture/ with forward slashes', () => {
    const key = readExpected();
    const named = [...Object.keys(key.files), ...Object.values(key.domains).flat(), ...key.routes.map((r) => r.file)];
    for (const f of named) expect(f, f).toMatch(/^src\/[a-z0-9/-]+\.ts$/);
  });

  it('cover exactly the files that run queries (the generic bases and the readiness probe aside)', () => {
    const asides = ['src/lib/db.ts', 'src/lib/base-repository.ts', 'src/lib/model.ts', 'src/app.ts'];
    const querying = sourceFiles()
      .map(rel)
      .filter((f) => !asides.includes(f))
      .filter((f) => /\b(db|trx|knex)(\.(from|table|select|insert|raw))?\(|this\.query\(\)|super\('/.test(readFileSync(path.join(fixtureDir, f), 'utf8')));
    expect(querying.sort()).toEqual(Object.keys(readExpected().files).sort());
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { gatewayConfigSchema } from '../../gateway/config/schema.js';
import { openKnex } from '../../services/kit/db/open-knex.js';
import { createNewService } from '../../services/scaffold/generate-service.js';
import { repoRoot, runCli } from '../support/cli.js';
import { createPgDatabase, pgTitle, pgUrl } from '../support/pg.js';

// Generated services go under services/scaffold/generated/ (excluded from the repository's own test run
// by vitest.config.ts) so that their imports of vitest, express and the kit resolve as in a real checkout.
const generatedRoot = path.join(repoRoot, 'services', 'scaffold', 'generated');
const workDir = path.join(generatedRoot, `t-${process.pid}-${Date.now().toString(36)}`);
const dataDir = mkdtempSync(path.join(tmpdir(), 'ficus-scaffold-'));
const monolithUrl = `sqlite:${path.join(dataDir, 'monolith.db')}`;
const planFile = path.join(dataDir, 'ficus-report.json');

/** A hand-made analyzer report (the shape of analyzer/types.ts Report) with two seams. */
const report = {
  schemaVersion: 1,
  generatedAt: '2026-01-01T00:00:00.000Z',
  root: 'shop',
  modules: [],
  tables: [],
  routes: [
    { method: 'GET', path: '/api/products', file: 'src/catalog/routes.ts', line: 10, seam: 'catalog' },
    { method: 'GET', path: '/api/products/:id', file: 'src/catalog/routes.ts', line: 18, seam: 'catalog' },
    { method: 'POST', path: '/api/products', file: 'src/catalog/routes.ts', line: 30, seam: 'catalog' },
    { method: 'GET', path: '/api/categories/:slug/products', file: 'src/catalog/categories.ts', line: 7, seam: 'catalog' },
  ],
  seams: [
    {
      id: 'catalog',
      modules: ['src/catalog/routes.ts'],
      routes: ['GET /api/products', 'GET /api/products/:id', 'POST /api/products', 'GET /api/categories/:slug/products', 'DELETE /api/products/:id'],
      ownedTables: ['products', 'categories'],
      sharedTables: [],
      dependsOn: [],
      dependedOnBy: [],
      extractionOrder: 1,
      why: 'few edges',
      metrics: {},
    },
    { id: 'orders', modules: [], routes: ['POST /api/orders'], ownedTables: ['orders'], sharedTables: [], dependsOn: [], dependedOnBy: [], extractionOrder: 2, why: '', metrics: {} },
  ],
  metrics: {},
  cycles: [],
  diagnostics: [],
  stats: { files: 0, modules: 0, tables: 0, routes: 0, durationMs: 0 },
};

beforeAll(async () => {
  mkdirSync(workDir, { recursive: true });
  writeFileSync(planFile, JSON.stringify(report));
  const { knex } = openKnex(monolithUrl);
  try {
    await knex.schema.createTable('users', (t) => t.increments('id'));
    await knex.schema.createTable('categories', (t) => {
      t.increments('id');
      t.string('slug', 60).notNullable();
      t.integer('parent_id').references('id').inTable('categories');
    });
    await knex.schema.createTable('products', (t) => {
      t.increments('id');
      t.string('name', 120).notNullable();
      t.decimal('price', 10, 2).notNullable();
      t.boolean('active').notNullable();
      t.timestamp('updated_at');
      t.integer('category_id').notNullable().references('id').inTable('categories');
      t.integer('created_by').references('id').inTable('users'); // users are not the catalog's
    });
  } finally {
    await knex.destroy();
  }
});

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

describe('ficus new-service', () => {
  const outDir = path.join(workDir, 'catalog');

  it('generates the service from the report and the monolith schema', async () => {
    const r = await runCli(['new-service', 'catalog', '--plan', planFile, '-o', outDir, '--schema-from', monolithUrl, '--port', '4101']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const f of ['README.md', 'config.ts', 'service.ts', 'routes.ts', 'server.ts', 'migrations/index.ts', 'migrations/001-create-catalog-tables.ts', 'catalog.test.ts', 'gateway.snippet.yaml']) {
      expect(existsSync(path.join(outDir, f)), f).toBe(true);
      expect(r.stdout).toContain(f);
    }
    const readme = readFileSync(path.join(outDir, 'README.md'), 'utf8');
    expect(readme).toContain('| `GET` | `/api/products/:id` | `src/catalog/routes.ts:18` | 501, not written yet |');
    expect(readme).toContain('| `DELETE` | `/api/products/:id` | — | 501, not written yet |');
    expect(readme).toContain('--tables products,categories');
  });

  it('gives a gateway snippet that the gateway schema accepts, every route in shadow mode', () => {
    const snippet = parse(readFileSync(path.join(outDir, 'gateway.snippet.yaml'), 'utf8'));
    const config = gatewayConfigSchema.parse({ monolith: { url: 'http://127.0.0.1:3000' }, ...snippet });
    expect(config.services.catalog.url).toBe('http://127.0.0.1:4101');
    expect(config.routes.map((r) => [r.id, r.match.methods, r.match.path, r.mode, r.service])).toEqual([
      ['catalog-api-products', ['GET', 'POST'], '/api/products', 'shadow', 'catalog'],
      ['catalog-api-products-id', ['GET', 'DELETE'], '/api/products/:id', 'shadow', 'catalog'],
      ['catalog-api-categories-slug-products', ['GET'], '/api/categories/:slug/products', 'shadow', 'catalog'],
    ]);
  });

  it('boots: the migration builds the owned tables from the monolith schema, and routes answer 501 problem+json', async () => {
    const { buildService } = await import(path.join(outDir, 'service.ts'));
    const { loadConfig } = await import(path.join(outDir, 'config.ts'));
    const { migrations } = await import(path.join(outDir, 'migrations', 'index.ts'));
    const { runMigrations } = await import('../../services/kit/index.js');
    const db = openKnex('sqlite::memory:');
    const service = buildService({ db: db.knex }, loadConfig({ LOG_LEVEL: 'silent' }));
    try {
      expect(await runMigrations(db.knex, migrations)).toEqual(['001-create-catalog-tables']);
      const columns = await db.knex('products').columnInfo();
      expect(Object.keys(columns).sort()).toEqual(['active', 'category_id', 'created_by', 'id', 'name', 'price', 'updated_at']);
      expect(columns.name).toMatchObject({ type: 'varchar', maxLength: '120', nullable: false });
      expect(columns.updated_at.nullable).toBe(true);
      const fks: { table: string; from: string }[] = await db.knex.raw('PRAGMA foreign_key_list(products)');
      expect(fks.map((f) => `${f.from}→${f.table}`)).toEqual(['category_id→categories']); // the users FK is dropped
      const port = await service.listen(0);
      const res = await fetch(`http://127.0.0.1:${port}/api/products/7`);
      expect(res.status).toBe(501);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(await res.json()).toMatchObject({ status: 501, detail: 'GET /api/products/:id is not implemented in this service yet' });
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    } finally {
      await service.close();
    }
    const migration = readFileSync(path.join(outDir, 'migrations', '001-create-catalog-tables.ts'), 'utf8');
    expect(migration).toContain('products(created_by) → users(id)');
  });

  it("generates a test that passes when vitest runs it", async () => {
    const config = path.join(workDir, 'vitest.config.ts');
    writeFileSync(config, `export default { test: { include: ['**/*.test.ts'], testTimeout: 60000 } };\n`);
    const r = await run(process.execPath, [path.join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--root', workDir, '--config', config, 'catalog/catalog.test.ts']);
    expect(r.output).toMatch(/Tests\s+7 passed \(7\)/); // 2 checks + one per seam route
    expect(r.code).toBe(0);
  });

  it('refuses a non-empty directory without --force, and overwrites with it', async () => {
    const again = await createNewService({ seam: 'catalog', plan: planFile, outDir, schemaFrom: monolithUrl }).catch((e: unknown) => e);
    expect(again).toMatchObject({ code: 'FICUS_SCAFFOLD_TARGET_NOT_EMPTY' });
    writeFileSync(path.join(outDir, 'routes.ts'), '// edited\n');
    const forced = await createNewService({ seam: 'catalog', plan: planFile, outDir, force: true });
    expect(forced.warnings).toEqual(['no --schema-from: the migration creates placeholder tables (products, categories) to complete by hand']);
    expect(readFileSync(path.join(outDir, 'routes.ts'), 'utf8')).toContain("notImplemented('GET /api/products')");
  });

  it('rejects an unknown seam, naming the seams there are, and a file that is not a report', async () => {
    const r = await runCli(['new-service', 'billing', '--plan', planFile, '-o', path.join(workDir, 'billing')]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([`ficus: no seam "billing" in ${planFile} (seams: catalog, orders) (FICUS_SCAFFOLD_SEAM_UNKNOWN)`]);
    const notReport = path.join(dataDir, 'not-a-report.json');
    writeFileSync(notReport, JSON.stringify({ hello: 'world' }));
    await expect(createNewService({ seam: 'catalog', plan: notReport, outDir: path.join(workDir, 'x') })).rejects.toMatchObject({ code: 'FICUS_SCAFFOLD_PLAN' });
    await expect(createNewService({ seam: 'catalog', plan: path.join(dataDir, 'missing.json'), outDir: path.join(workDir, 'y') })).rejects.toMatchObject({ code: 'FICUS_SCAFFOLD_PLAN' });
    await expect(createNewService({ seam: 'catalog', plan: planFile, outDir: path.join(workDir, 'z'), schemaFrom: `sqlite:${path.join(dataDir, 'absent.db')}` })).rejects.toMatchObject({ code: 'FICUS_DB_URL' });
  });
});

describe.skipIf(!pgUrl)(pgTitle('ficus new-service --schema-from PostgreSQL'), () => {
  it('builds the migration from information_schema: serial keys, numeric, timestamptz, composite keys, FKs among owned tables', async () => {
    const pgDb = await createPgDatabase('ficus_scaffold');
    const monolith = openKnex(pgDb.url);
    const outDir = path.join(workDir, 'catalog-pg');
    try {
      await monolith.knex.schema.createTable('categories', (t) => {
        t.increments('id');
        t.string('slug', 60).notNullable();
      });
      await monolith.knex.schema.createTable('products', (t) => {
        t.bigIncrements('id');
        t.decimal('price', 12, 3).notNullable();
        t.timestamp('updated_at', { useTz: true });
        t.jsonb('attrs');
        t.integer('category_id').notNullable().references('id').inTable('categories');
      });
      await monolith.knex.schema.createTable('product_tags', (t) => {
        t.bigInteger('product_id').notNullable().references('id').inTable('products');
        t.string('tag', 30).notNullable();
        t.primary(['product_id', 'tag']);
      });
      const plan = path.join(dataDir, 'pg-report.json');
      writeFileSync(plan, JSON.stringify({ ...report, seams: [{ ...report.seams[0], ownedTables: ['product_tags', 'products', 'categories'] }] }));
      await createNewService({ seam: 'catalog', plan, outDir, schemaFrom: pgDb.url });
      const migration = readFileSync(path.join(outDir, 'migrations', '001-create-catalog-tables.ts'), 'utf8');
      expect(migration.indexOf("createTable('categories'")).toBeLessThan(migration.indexOf("createTable('products'"));
      expect(migration.indexOf("createTable('products'")).toBeLessThan(migration.indexOf("createTable('product_tags'"));
      expect(migration).toContain("t.bigIncrements('id', { primaryKey: true });");
      expect(migration).toContain("t.decimal('price', 12, 3).notNullable();");
      expect(migration).toContain("t.timestamp('updated_at', { useTz: true });");
      expect(migration).toContain("t.jsonb('attrs');");
      expect(migration).toContain("t.primary(['product_id', 'tag']);");
      expect(migration).toContain("t.foreign(['category_id']).references(['id']).inTable('categories');");
      const { migrations } = await import(path.join(outDir, 'migrations', 'index.ts'));
      const { runMigrations } = await import('../../services/kit/index.js');
      const target = openKnex('sqlite::memory:');
      try {
        await runMigrations(target.knex, migrations);
        await target.knex('categories').insert({ id: 1, slug: 'figs' });
        await target.knex('products').insert({ id: 1, price: 1.5, category_id: 1 });
        await expect(target.knex('product_tags').insert({ product_id: 2, tag: 'x' })).rejects.toThrow(/FOREIGN KEY/);
      } finally {
        await target.knex.destroy();
      }
    } finally {
      await monolith.knex.destroy();
      await pgDb.drop();
    }
  });
});

function run(cmd: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

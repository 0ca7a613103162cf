import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { renderGatewayDraft } from '../../analyzer/report/gateway-draft.js';
import { gatewayConfigSchema } from '../../gateway/config/schema.js';
import { openKnex } from '../../services/kit/db/open-knex.js';
import { createNewService } from '../../services/scaffold/generate-service.js';
import { repoRoot, runCli } from '../support/cli.js';
import { createPgDatabase, pgTitle, pgUrl } from '../support/pg.js';

// Generated into a temporary folder: these tests read the files and run the migrations (whose kit imports
// are types only); test/services/standalone-service.test.ts installs, builds, tests and starts one.
const workDir = mkdtempSync(path.join(tmpdir(), 'ficus-new-service-'));
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
    entryPoints: [],
  diagnostics: [],
  stats: { files: 0, modules: 0, tables: 0, routes: 0, durationMs: 0 },
};

beforeAll(async () => {
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

  it('generates a standalone package from the report and the monolith schema', async () => {
    const r = await runCli(['new-service', 'catalog', '--plan', planFile, '-o', outDir, '--schema-from', monolithUrl, '--port', '4101']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const expected = ['package.json', 'tsconfig.json', 'README.md', 'src/config.ts', 'src/service.ts', 'src/server.ts', 'src/routes/index.ts', 'src/routes/products.ts', 'src/migrations/index.ts',
      'src/migrations/001-create-catalog-tables.ts', 'test/catalog.test.ts', 'Dockerfile', '.dockerignore', '.github/workflows/ci.yml', 'gateway.snippet.yaml'];
    for (const f of expected) {
      expect(existsSync(path.join(outDir, f)), f).toBe(true);
      expect(r.stdout).toContain(f);
    }
    const pkg = JSON.parse(readFileSync(path.join(outDir, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({ name: 'catalog', type: 'module', dependencies: { ficus: `file:${path.relative(outDir, repoRoot)}` } });
    expect(Object.keys(pkg.scripts)).toEqual(['dev', 'build', 'start', 'test']);
    // Sources import the kit by package name, never by a path into a ficus checkout.
    for (const f of expected.filter((x) => x.endsWith('.ts'))) expect(readFileSync(path.join(outDir, f), 'utf8'), f).not.toMatch(/from '\.\.?\/(\.\.\/)*(services|kit)\//);
    const readme = readFileSync(path.join(outDir, 'README.md'), 'utf8');
    expect(readme).toContain('| `GET` | `/api/products/:id` | `src/routes/products.ts` | `src/catalog/routes.ts:18` | 501, not written yet |');
    expect(readme).toContain('| `DELETE` | `/api/products/:id` | `src/routes/products.ts` | — | 501, not written yet |');
    expect(readme).toContain('--tables products,categories');
  });

  it("gives a gateway snippet the gateway accepts, with the analyzer draft's route ids, reads and writes apart", () => {
    const snippet = parse(readFileSync(path.join(outDir, 'gateway.snippet.yaml'), 'utf8'));
    const config = gatewayConfigSchema.parse({ monolith: { url: 'http://127.0.0.1:3000' }, ...snippet });
    expect(config.services.catalog.urls).toEqual(['http://127.0.0.1:4101']);
    const draft = parse(renderGatewayDraft(report as never, { seam: 'catalog' }));
    expect(config.routes.map((r) => r.id)).toEqual(draft.routes.map((r: { id: string }) => r.id));
    for (const r of config.routes) {
      expect(r.mode).toBe('shadow');
      const safe = (r.match.methods ?? []).map((m) => ['GET', 'HEAD'].includes(m));
      expect(new Set(safe).size, r.id).toBe(1); // a route is all reads or all writes
    }
    expect(config.routes.map((r) => r.id)).toContain('catalog-post-api-products');
    // The commands in its comments are valid CLI syntax.
    const text = readFileSync(path.join(outDir, 'gateway.snippet.yaml'), 'utf8');
    expect(text).toContain('ficus cutover catalog-get-api-products --mode canary --percent 10');
    expect(text).not.toMatch(/cutover \S+ canary/);
  });

  it('writes migrations that build the owned tables from the monolith schema, foreign keys to others left out', async () => {
    const { migrations } = await import(path.join(outDir, 'src', 'migrations', 'index.ts'));
    const { runMigrations } = await import('../../services/kit/index.js');
    const db = openKnex('sqlite::memory:');
    try {
      expect(await runMigrations(db.knex, migrations)).toEqual(['001-create-catalog-tables']);
      const columns = await db.knex('products').columnInfo();
      expect(Object.keys(columns).sort()).toEqual(['active', 'category_id', 'created_by', 'id', 'name', 'price', 'updated_at']);
      expect(columns.name).toMatchObject({ type: 'varchar', maxLength: '120', nullable: false });
      expect(columns.updated_at.nullable).toBe(true);
      const fks: { table: string; from: string }[] = await db.knex.raw('PRAGMA foreign_key_list(products)');
      expect(fks.map((f) => `${f.from}→${f.table}`)).toEqual(['category_id→categories']); // the users FK is dropped
    } finally {
      await db.knex.destroy();
    }
    const migration = readFileSync(path.join(outDir, 'src', 'migrations', '001-create-catalog-tables.ts'), 'utf8');
    expect(migration).toContain('products(created_by) → users(id)');
  });

  it('defaults to a port that is free and not used by a sibling service', async () => {
    const blocker = net.createServer();
    // Bound here, or already in use by something else on this machine: taken either way.
    await new Promise<void>((resolve) => blocker.once('error', () => resolve()).listen(4001, '127.0.0.1', () => resolve()));
    try {
      // 4101 is taken by the sibling catalog's snippet, 4001 is bound right now.
      const r = await createNewService({ seam: 'orders', plan: planFile, outDir: path.join(workDir, 'orders') });
      expect(r.port).not.toBe(4001);
      expect(r.port).not.toBe(4101);
      expect(readFileSync(path.join(workDir, 'orders', 'gateway.snippet.yaml'), 'utf8')).toContain(`url: http://127.0.0.1:${r.port}`);
      expect(readFileSync(path.join(workDir, 'orders', 'src', 'config.ts'), 'utf8')).toContain(`.default(${r.port})`);
    } finally {
      if (blocker.listening) await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('refuses a non-empty directory without --force, and overwrites with it', async () => {
    const again = await createNewService({ seam: 'catalog', plan: planFile, outDir, schemaFrom: monolithUrl }).catch((e: unknown) => e);
    expect(again).toMatchObject({ code: 'FICUS_SCAFFOLD_TARGET_NOT_EMPTY' });
    const r = await runCli(['new-service', 'catalog', '--plan', planFile, '-o', outDir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('FICUS_SCAFFOLD_TARGET_NOT_EMPTY');
    writeFileSync(path.join(outDir, 'src', 'routes', 'products.ts'), '// edited\n');
    const forced = await createNewService({ seam: 'catalog', plan: planFile, outDir, force: true });
    expect(forced.warnings).toEqual(['no --schema-from: the migration creates placeholder tables (products, categories) to complete by hand']);
    expect(readFileSync(path.join(outDir, 'src', 'routes', 'products.ts'), 'utf8')).toContain("notImplemented('GET /api/products')");
  });

  it('refuses a name that is not a valid package name, and takes --name instead', async () => {
    const plan = path.join(dataDir, 'odd-report.json');
    writeFileSync(plan, JSON.stringify({ ...report, seams: [{ ...report.seams[1], id: 'Order Items' }] }));
    const r = await runCli(['new-service', 'Order Items', '--plan', plan, '-o', path.join(workDir, 'odd')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('FICUS_SCAFFOLD_NAME_INVALID');
    expect(r.stderr).toContain('--name order-items');
    expect(existsSync(path.join(workDir, 'odd'))).toBe(false); // nothing written
    for (const bad of ['fs', '.hidden', 'has/slash', 'Ünïcode', 'x'.repeat(215)]) {
      await expect(createNewService({ seam: 'orders', plan: planFile, outDir: path.join(workDir, 'bad'), name: bad }), bad).rejects.toMatchObject({ code: 'FICUS_SCAFFOLD_NAME_INVALID' });
    }
    const ok = await createNewService({ seam: 'Order Items', plan, outDir: path.join(workDir, 'odd'), name: '@shop/order-items' });
    expect(JSON.parse(readFileSync(path.join(workDir, 'odd', 'package.json'), 'utf8')).name).toBe('@shop/order-items');
    expect(ok.files).toContain('test/shop-order-items.test.ts');
  });

  it('--json prints what it generated, for a script', async () => {
    const dir = path.join(workDir, 'as-json');
    const r = await runCli(['new-service', 'catalog', '--plan', planFile, '-o', dir, '--port', '4102', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ name: 'catalog', port: 4102, dir, warnings: [expect.stringContaining('no --schema-from')] });
    expect(out.files).toContain('package.json');
    for (const f of out.files) expect(existsSync(path.join(dir, f)), f).toBe(true);
  });

  it('rejects an unknown seam, naming the seams there are, and a file that is not a report', async () => {
    const r = await runCli(['new-service', 'billing', '--plan', planFile, '-o', path.join(workDir, 'billing')]);
    expect(r.code).toBe(2);
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
      const migration = readFileSync(path.join(outDir, 'src', 'migrations', '001-create-catalog-tables.ts'), 'utf8');
      expect(migration.indexOf("createTable('categories'")).toBeLessThan(migration.indexOf("createTable('products'"));
      expect(migration.indexOf("createTable('products'")).toBeLessThan(migration.indexOf("createTable('product_tags'"));
      expect(migration).toContain("t.bigIncrements('id', { primaryKey: true });");
      expect(migration).toContain("t.decimal('price', 12, 3).notNullable();");
      expect(migration).toContain("t.timestamp('updated_at', { useTz: true });");
      expect(migration).toContain("t.jsonb('attrs');");
      expect(migration).toContain("t.primary(['product_id', 'tag']);");
      expect(migration).toContain("t.foreign(['category_id']).references(['id']).inTable('categories');");
      const { migrations } = await import(path.join(outDir, 'src', 'migrations', 'index.ts'));
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

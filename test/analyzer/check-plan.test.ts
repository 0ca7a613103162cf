import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPlan, formatViolation } from '../../analyzer/seams/check-plan.js';
import { readPlan } from '../../analyzer/seams/read-plan.js';
import { findImportLine } from '../../analyzer/seams/find-import-line.js';
import { createShopFacts } from './seams/shop-facts.js';
import { createShopReport } from './report/shop-report.js';

const plan = createShopReport();
const seamOf = (p: string) => plan.modules.find((m) => m.path === p)!.seam;

describe('checkPlan', () => {
  it('passes when nothing changed', () => {
    expect(checkPlan(plan, createShopFacts(), () => undefined).violations).toEqual([]);
  });

  it('lists a new cross-seam import with its file and line', () => {
    const facts = createShopFacts({
      'src/users/routes.ts': { imports: ['src/users/model.ts', 'src/users/repo.ts', 'src/lib/logger.ts', 'src/catalog/repo.ts'], routes: ['GET /api/users/:id'] },
    });
    const source = "import { a } from './model.js';\nimport { b } from './repo.js';\n\nimport { products } from '../catalog/repo.js';\n";
    const { violations } = checkPlan(plan, facts, (f) => (f === 'src/users/routes.ts' ? source : undefined));
    expect(violations).toEqual([
      { kind: 'import', file: 'src/users/routes.ts', line: 4, fromSeam: seamOf('src/users/routes.ts'), toSeam: seamOf('src/catalog/repo.ts'), target: 'src/catalog/repo.ts' },
    ]);
    expect(formatViolation(violations[0])).toBe(`src/users/routes.ts:4  imports src/catalog/repo.ts (${seamOf('src/users/routes.ts')} → catalog)`);
  });

  it('ignores imports of infrastructure and imports the plan already had', () => {
    const facts = createShopFacts({ 'src/users/repo.ts': { imports: ['src/users/model.ts', 'src/lib/db.ts', 'src/lib/logger.ts'], tables: ['users:rw'] } });
    expect(checkPlan(plan, facts, () => undefined).violations).toEqual([]);
  });

  it('places a new file by its folder and flags its cross-seam import', () => {
    const facts = createShopFacts({ 'src/users/recommend.ts': { imports: ['src/orders/repo.ts'] } });
    const check = checkPlan(plan, facts, () => undefined);
    expect(check.newModules).toEqual(['src/users/recommend.ts']);
    expect(check.placements.get('src/users/recommend.ts')).toEqual({ seam: seamOf('src/users/repo.ts'), how: 'folder' });
    expect(check.violations.map((v) => [v.file, v.target])).toEqual([['src/users/recommend.ts', 'src/orders/repo.ts']]);
  });

  it('treats a new file beside infrastructure as infrastructure', () => {
    const facts = createShopFacts({
      'src/lib/cache.ts': {},
      'src/catalog/service.ts': { imports: ['src/catalog/model.ts', 'src/catalog/repo.ts', 'src/lib/cache.ts'] },
      'src/orders/service.ts': { imports: ['src/orders/model.ts', 'src/orders/repo.ts', 'src/catalog/service.ts', 'src/lib/cache.ts'] },
    });
    const check = checkPlan(plan, facts, () => undefined);
    expect(check.placements.get('src/lib/cache.ts')).toEqual({ seam: null, how: 'folder' });
    expect(check.violations).toEqual([]);
  });

  it('places a file in a new folder by its planned neighbours', () => {
    const facts = createShopFacts({ 'src/wishlist/list.ts': { imports: ['src/catalog/model.ts', 'src/catalog/service.ts'] } });
    const check = checkPlan(plan, facts, () => undefined);
    expect(check.placements.get('src/wishlist/list.ts')).toEqual({ seam: 'catalog', how: 'neighbours' });
    expect(check.violations).toEqual([]);
  });

  it('lists a new read of another seam’s table and a new write, with the access line', () => {
    const facts = createShopFacts({
      'src/users/repo.ts': { imports: ['src/users/model.ts', 'src/lib/db.ts'], tables: ['users:rw', 'categories:r'] },
      'src/orders/repo.ts': { imports: ['src/orders/model.ts', 'src/lib/db.ts'], tables: ['orders:rw', 'order_items:rw', 'products:rw'] },
    });
    const found = checkPlan(plan, facts, () => undefined).violations.map((v) => ({ kind: v.kind, file: v.file, line: v.line, target: v.target, toSeam: v.toSeam }));
    expect(found).toEqual([
      { kind: 'write', file: 'src/orders/repo.ts', line: 7, target: 'products', toSeam: 'catalog' },
      { kind: 'read', file: 'src/users/repo.ts', line: 6, target: 'categories', toSeam: 'catalog' },
    ]);
  });

  it('leaves tables the plan did not know alone', () => {
    const facts = createShopFacts({ 'src/users/repo.ts': { imports: ['src/users/model.ts', 'src/lib/db.ts'], tables: ['users:rw', 'avatars:rw'] } });
    expect(checkPlan(plan, facts, () => undefined).violations).toEqual([]);
  });
});

describe('findImportLine', () => {
  it('resolves relative specifiers with or without extensions, index files and require', () => {
    const src = ["const x = require('../lib/db');", "import type { T } from './types.js';", "export { y } from './y/index.js';", "const z = await import('./z.ts');"].join('\n');
    expect(findImportLine(src, 'src/a/file.ts', 'src/lib/db.ts')).toBe(1);
    expect(findImportLine(src, 'src/a/file.ts', 'src/a/y/index.ts')).toBe(3);
    expect(findImportLine(src, 'src/a/file.ts', 'src/a/z.ts')).toBe(4);
    expect(findImportLine(src, 'src/a/file.ts', 'src/b/none.ts')).toBeUndefined();
  });
});

describe('readPlan', () => {
  const attempt = (text: string | undefined): unknown => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ficus-plan-'));
    try {
      const file = path.join(dir, 'plan.json');
      if (text !== undefined) writeFileSync(file, text);
      return readPlan(file);
    } catch (err) {
      return err;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it('reads a report written by ficus analyze', () => {
    expect(attempt(JSON.stringify(plan))).toMatchObject({ schemaVersion: 1, seams: plan.seams });
  });

  it('refuses a missing file, broken JSON and a file that is not a report, with exit code 2', () => {
    expect(attempt(undefined)).toMatchObject({ code: 'FICUS_CHECK_PLAN_READ', exitCode: 2 });
    expect(attempt('{ nope')).toMatchObject({ code: 'FICUS_CHECK_PLAN_READ' });
    const invalid = attempt(JSON.stringify({ schemaVersion: 2, modules: 'x' })) as Error & { code: string };
    expect(invalid.code).toBe('FICUS_CHECK_PLAN_INVALID');
    expect(invalid.message).toMatch(/schemaVersion: .*; modules: /);
  });
});

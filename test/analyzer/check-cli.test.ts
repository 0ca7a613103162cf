// `ficus check` run like a user on a temporary copy of the fixture, against the plan `ficus analyze`
// wrote for the fixture (once per test run, test/support/global-setup.ts).
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseConfigText } from '../../gateway/config/load-config.js';
import { repoRoot, runCli } from '../support/cli.js';

describe('ficus check against a plan from ficus analyze', () => {
  let tmp: string;
  let tree: string;
  const planDir = inject('fixtureReportDir');
  const plan = path.join(planDir, 'ficus-report.json');

  beforeAll(() => {
    tmp = mkdtempSync(path.join(tmpdir(), 'ficus-check-'));
    tree = path.join(tmp, 'shop');
    cpSync(path.join(repoRoot, 'monolith-fixture'), tree, { recursive: true });
  });

  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('ficus analyze wrote all four files, and the gateway draft validates', () => {
    for (const f of ['ficus-report.json', 'ficus-report.md', 'ficus-report.html', 'gateway.draft.yaml']) {
      expect(existsSync(path.join(planDir, f)), f).toBe(true);
    }
    const draft = parseConfigText(readFileSync(path.join(planDir, 'gateway.draft.yaml'), 'utf8'), {});
    expect(draft.ok ? draft.config.routes.length : draft.problems).toBeGreaterThan(0);
  });

  // each CLI run re-extracts the whole fixture: on a shared 2-core machine that can take tens of seconds
  const SLOW = { timeout: 240_000 };
  const cli = (args: string[]) => runCli(args, { timeoutMs: 200_000 });

  it('passes on the unchanged tree', SLOW, async () => {
    const clean = await cli(['check', tree, '--plan', plan]);
    expect(clean.stderr).toBe('');
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/no new cross-seam imports or table accesses/);
  });

  it('fails listing a new cross-seam import with its file and line', SLOW, async () => {
    const file = path.join(tree, 'src', 'reviews', 'review-routes.ts');
    const lines = readFileSync(file, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.startsWith('import')) + 1; // after the first import
    lines.splice(at, 0, "import { createOrder } from '../orders/order-repo.js';");
    writeFileSync(file, lines.join('\n'));

    const dirty = await cli(['check', tree, '--plan', plan]);
    expect(dirty.code).toBe(1);
    expect(dirty.stdout).toContain(`src/reviews/review-routes.ts:${at + 1}  imports src/orders/order-repo.ts (reviews → orders)`);
    expect(dirty.stdout).toMatch(/^ficus check: 1 new cross-seam dependency/);
  });

  it('a missing folder is one line and exit 2 (exit 1 means violations)', SLOW, async () => {
    const missing = await cli(['check', path.join(tmp, 'nope'), '--plan', plan]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toContain('FICUS_CHECK_NO_DIR');
  });
});

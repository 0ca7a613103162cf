// The measured goals of the seam stage, on the shop monolith fixture and its answer key (EXPECTED.json).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Report } from '../../../analyzer/types.js';
import { repoRoot } from '../../support/cli.js';

const fixture = path.join(repoRoot, 'monolith-fixture');
const expected = JSON.parse(readFileSync(path.join(fixture, 'EXPECTED.json'), 'utf8')) as { domains: Record<string, string[]> };

describe('seams on the monolith fixture', () => {
  let report: Report;
  beforeAll(() => {
    report = JSON.parse(readFileSync(path.join(inject('fixtureReportDir'), 'ficus-report.json'), 'utf8')) as Report; // analysed once per run
  });
  const seamOf = (p: string) => report.modules.find((m) => m.path === p)?.seam;

  it("lands each domain's core modules in one seam, and different domains in different seams", () => {
    const seamByDomain = new Map<string, string>();
    for (const [domain, modules] of Object.entries(expected.domains)) {
      const seams = new Set(modules.map(seamOf));
      expect([...seams], domain).toHaveLength(1);
      const [seam] = seams;
      expect(seam, domain).toEqual(expect.any(String));
      seamByDomain.set(domain, seam!);
    }
    expect(new Set(seamByDomain.values()).size).toBe(seamByDomain.size);
  });

  it('names seams after their domains', () => {
    for (const [domain, modules] of Object.entries(expected.domains)) expect(seamOf(modules[0])).toBe(domain);
  });

  it('ranks the seam owning products among the first two to extract', () => {
    const owner = report.seams.find(
      (s) => s.ownedTables.includes('products') || s.sharedTables.some((t) => t.table === 'products' && t.writers.length === 1 && t.writers[0] === s.id),
    )!;
    expect(owner.id).toBe('catalog');
    expect(owner.extractionOrder, owner.why).toBeLessThanOrEqual(2);
  });

  it('cuts less coupling than the one-seam-per-folder split (ICP)', () => {
    expect(report.metrics.icp).toBeLessThan(report.folderMetrics!.icp);
  });

  it('sets the shared db module and the utility hub aside as infrastructure', () => {
    expect(report.infrastructure).toEqual(expect.arrayContaining(['src/lib/db.ts', 'src/lib/utils.ts']));
    expect(seamOf('src/lib/db.ts')).toBeNull();
  });

  it('shows the table two domains write as contested on both sides', () => {
    const writers = report.seams.flatMap((s) => s.sharedTables.filter((t) => t.table === 'stock_levels').map((t) => t.writers));
    expect(writers.length).toBeGreaterThanOrEqual(2);
    expect(writers[0].length).toBeGreaterThanOrEqual(2);
  });
});

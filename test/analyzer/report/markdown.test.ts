import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../../analyzer/report/markdown.js';
import { METRICS } from '../../../analyzer/report/describe-metrics.js';
import { createShopReport } from './shop-report.js';

describe('ficus-report.md', () => {
  const report = createShopReport();
  const md = renderMarkdown(report);

  it('opens with the seam to extract first and a ranked table of every seam', () => {
    const top = report.seams.find((s) => s.extractionOrder === 1)!;
    const summary = md.slice(0, md.indexOf('## Seams in detail'));
    expect(summary).toContain(`**Extract \`${top.id}\` first.**`);
    for (const s of report.seams) expect(summary).toMatch(new RegExp(`\\| ${s.extractionOrder} \\| \\*\\*${s.id}\\*\\* \\|`));
  });

  it('sets the suggestion beside the folder split, with every metric formula', () => {
    for (const m of METRICS) {
      expect(md).toMatch(new RegExp(`\\| ${m.name} \\| ${m.better} \\| [-\\d.]+ \\| [-\\d.]+ \\|`));
      expect(md).toContain(m.formula);
    }
  });

  it('details each seam: routes, owned and shared tables with writers, dependencies', () => {
    expect(md).toContain('| `orders` | payments | orders, payments |');
    expect(md).toContain('`GET /api/products/:id`');
    expect(md).toMatch(/\*\*Depends on\*\*: catalog \(1 import\)/);
  });

  it('lists the infrastructure set aside with its reason, and the diagnostics', () => {
    const withDiag = { ...report, diagnostics: [{ file: 'src/x.ts', line: 3, code: 'DYNAMIC_TABLE', message: 'table name from a | variable' }] };
    const out = renderMarkdown(withDiag);
    expect(out).toMatch(/- A shared library: imported from \d+ folders[^:]*: `src\/lib\/db\.ts`/);
    expect(out).toContain('| src/x.ts | 3 | DYNAMIC_TABLE | table name from a \\| variable |');
    expect(out).toContain('1 × `DYNAMIC_TABLE`');
  });
});

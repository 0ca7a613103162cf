// ficus-report.html on a generated 2,000-module report in Chromium: seams first, a seam's modules kept
// together in the module view (no grid), a drill-down with room for labels, a seam's facts on click.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../../analyzer/report/html.js';
import { browserSkipNote, hasChromium, launchChromium } from '../../support/browser.js';
import { createLargeReport } from './large-report.js';

const report = createLargeReport();

describe.skipIf(!hasChromium)(`ficus-report.html at 2,000 modules${browserSkipNote}`, () => {
  let browser: Browser;
  let page: Page;
  let dir: string;
  const errors: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ficus-html-large-'));
    const file = path.join(dir, 'ficus-report.html');
    writeFileSync(file, renderHtml(report));
    browser = await launchChromium();
    const context = await browser.newContext({ offline: true, viewport: { width: 1400, height: 1000 } });
    page = await context.newPage();
    page.on('pageerror', (err) => errors.push(String(err)));
    await page.goto(pathToFileURL(file).href);
    await page.waitForFunction('window.ficus !== undefined', undefined, { timeout: 120_000 });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const shown = (kind: string) =>
    page.evaluate<string[]>(`window.ficus.cy.nodes('[kind = "${kind}"]').filter((n) => !n.hasClass('hidden')).map((n) => n.id()).sort()`);

  it('opens on one node per seam, each its own colour, sized by its modules', async () => {
    expect(await shown('seam')).toHaveLength(40);
    expect(await shown('module')).toEqual([]);
    const colours = await page.evaluate<string[]>(`window.ficus.cy.nodes('[kind = "seam"]').map((n) => n.data('color'))`);
    expect(new Set(colours).size).toBe(40);
  });

  it('keeps each seam’s modules together in the module view: every module is nearer its own seam’s centre than any other', async () => {
    await page.evaluate('window.ficus.showAll()');
    expect(await shown('module')).toHaveLength(2000); // the three hubs stay hidden
    const strays = await page.evaluate<number>(`(() => {
      const cy = window.ficus.cy, centres = {};
      cy.nodes('[kind = "module"][seam != ""]').forEach((n) => {
        const c = centres[n.data('seam')] || (centres[n.data('seam')] = { x: 0, y: 0, n: 0 });
        c.x += n.position('x'); c.y += n.position('y'); c.n++;
      });
      Object.values(centres).forEach((c) => { c.x /= c.n; c.y /= c.n; });
      let strays = 0;
      cy.nodes('[kind = "module"][seam != ""]').forEach((n) => {
        let best = null, bestD = Infinity;
        for (const [id, c] of Object.entries(centres)) {
          const d = (c.x - n.position('x')) ** 2 + (c.y - n.position('y')) ** 2;
          if (d < bestD) { bestD = d; best = id; }
        }
        if (best !== n.data('seam')) strays++;
      });
      return strays;
    })()`);
    expect(strays).toBe(0);
  });

  it('opens one seam with room for its labels, and shows its facts', async () => {
    const seam = report.seams[7];
    await page.locator(`#seam-table tr[data-seam-row="${seam.id}"]`).click();
    expect(await shown('module')).toEqual(seam.modules.map((p) => `m:${p}`).sort());
    // cytoscape skips labels under 8 px on screen (min-zoomed-font-size): these are drawn at 12 px × zoom
    expect(await page.evaluate<number>('window.ficus.cy.zoom() * 12')).toBeGreaterThanOrEqual(8);
    const facts = (await page.locator('#details').innerText()).replace(/\s+/g, ' ');
    expect(facts).toContain(`seam 8. ${seam.id}`);
    expect(facts).toContain('GET /api/domain-07');
    expect(facts).toContain('owned tables (1) domain-07_rows');
    expect(facts).toContain('shared tables (1) domain-07_items with domain-06 (written by domain-07)');
    expect(facts).toContain('depends on (1) domain-08 ×1 imports');
    expect(facts).toContain('Why this rank: 2 routes of its own');
  });

  it('shows a seam’s facts when its node is clicked in the seam view', async () => {
    await page.locator('#show-seams').click();
    const seam = report.seams[3];
    const pos = await page.evaluate<{ x: number; y: number }>(`window.ficus.cy.getElementById(${JSON.stringify(`s:${seam.id}`)}).renderedPosition()`);
    const box = (await page.locator('#graph').boundingBox())!;
    await page.mouse.click(box.x + pos.x, box.y + pos.y);
    const facts = (await page.locator('#details').innerText()).replace(/\s+/g, ' ');
    expect(facts).toContain(`seam 4. ${seam.id}`);
    expect(facts).toContain('depended on by (1) domain-02 ×1 imports');
    await page.locator('#open-seam').click();
    expect(await shown('module')).toHaveLength(50);
  });

  it('draws the seams × tables matrix and the DSM, and logs no error', async () => {
    expect(await page.locator('#table-matrix tbody tr').count()).toBe(40);
    expect(await page.locator('#dsm tbody tr').count()).toBe(40);
    expect(await page.locator('#dsm td.dep').count()).toBe(40);
    expect(errors).toEqual([]);
  });
});

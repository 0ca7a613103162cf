import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../../analyzer/report/html.js';
import { browserSkipNote, hasChromium, launchChromium } from '../../support/browser.js';
import { createShopReport } from './shop-report.js';

const report = createShopReport();

describe('ficus-report.html', () => {
  it('is one file: cytoscape inlined, no external script, stylesheet or URL to fetch', () => {
    const html = renderHtml(report);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+href=/i);
    expect(html).not.toMatch(/(src|href)=["']?https?:/i);
    expect(html.length).toBeGreaterThan(300_000); // the cytoscape build itself
  });

  it('escapes names from the analysed code', () => {
    const hostile = createShopReport();
    hostile.root = '<img src=x onerror=alert(1)>';
    hostile.modules[0] = { ...hostile.modules[0], path: 'src/</script><script>alert(1)</script>.ts' };
    const html = renderHtml(hostile);
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('</script><script>alert(1)');
  });
});

describe.skipIf(!hasChromium)(`ficus-report.html in Chromium${browserSkipNote}`, () => {
  let browser: Browser;
  let page: Page;
  let dir: string;
  const consoleErrors: string[] = [];
  const foreignRequests: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ficus-html-'));
    const file = path.join(dir, 'ficus-report.html');
    writeFileSync(file, renderHtml(report));
    const url = pathToFileURL(file).href;
    browser = await launchChromium();
    const context = await browser.newContext({ offline: true });
    page = await context.newPage();
    page.on('console', (msg) => msg.type() === 'error' && consoleErrors.push(msg.text()));
    page.on('pageerror', (err) => consoleErrors.push(String(err)));
    page.on('request', (req) => req.url() !== url && foreignRequests.push(req.url()));
    await context.route('**/*', (route) => (route.request().url() === url ? route.continue() : (foreignRequests.push(route.request().url()), route.abort())));
    await page.goto(url);
    await page.waitForFunction('window.ficus !== undefined');
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  // browser-side code is passed as text: the project's TypeScript has no DOM types
  const visibleModules = () =>
    page.evaluate<string[]>(`window.ficus.cy.nodes('[kind = "module"]').filter((n) => !n.hasClass('hidden')).map((n) => n.id().slice(2)).sort()`);

  it('draws the graph on a non-empty canvas', async () => {
    const painted = await page.evaluate<number>(`(() => {
      let count = 0;
      for (const canvas of document.querySelectorAll('#graph canvas')) {
        const ctx = canvas.getContext('2d');
        if (!ctx || canvas.width === 0 || canvas.height === 0) continue;
        const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) count++;
      }
      return count;
    })()`);
    expect(painted).toBeGreaterThan(500);
  });

  it('lists every seam in the seam table', async () => {
    const rows = await page.locator('#seam-table tbody tr').allInnerTexts();
    expect(rows).toHaveLength(report.seams.length);
    for (const s of report.seams) expect(rows.some((r) => r.includes(s.id))).toBe(true);
  });

  const visibleSeams = () => page.evaluate<string[]>(`window.ficus.cy.nodes('[kind = "seam"]').filter((n) => !n.hasClass('hidden')).map((n) => n.data('seam')).sort()`);

  it('opens on the seams, one node per seam, and no module', async () => {
    expect(await visibleSeams()).toEqual(report.seams.map((s) => s.id).sort());
    expect(await visibleModules()).toEqual([]);
  });

  it('shows only a seam when its row is clicked, and the seams again on a second click', async () => {
    const seam = report.seams[1];
    await page.locator(`#seam-table tr[data-seam-row="${seam.id}"]`).click();
    expect(await visibleModules()).toEqual([...seam.modules].sort());
    expect(await page.locator('#details').innerText()).toContain(`seam ${seam.extractionOrder}. ${seam.id}`);
    await page.locator(`#seam-table tr[data-seam-row="${seam.id}"]`).click();
    expect(await visibleModules()).toEqual([]);
    expect(await visibleSeams()).toHaveLength(report.seams.length);
  });

  it('shows every module but infrastructure from All modules, and infrastructure on request', async () => {
    const seam = report.seams[0];
    await page.locator(`#filters button[data-seam="${seam.id}"]`).click();
    expect(await visibleModules()).toEqual([...seam.modules].sort());
    await page.locator('#filters button[data-seam=""]').click();
    expect(await visibleModules()).not.toContain('src/lib/db.ts');
    await page.locator('#hide-infra').uncheck();
    const shown = await visibleModules();
    expect(shown).toContain('src/lib/db.ts');
    expect(shown).toHaveLength(report.modules.length);
  });

  it('shows a node’s facts when it is clicked', async () => {
    const target = 'src/orders/repo.ts';
    await page.evaluate(`window.ficus.showAll()`);
    const pos = await page.evaluate<{ x: number; y: number }>(`window.ficus.cy.getElementById(${JSON.stringify(`m:${target}`)}).renderedPosition()`);
    const box = (await page.locator('#graph').boundingBox())!;
    await page.mouse.click(box.x + pos.x, box.y + pos.y);
    const details = await page.locator('#details').innerText();
    expect(details).toContain(target);
    expect(details).toContain('orders (read/write)');
    expect(details).toContain('imported by');
  });

  it('shows the calls behind a table when the table is clicked', async () => {
    await page.evaluate(`window.ficus.showAll()`);
    const pos = await page.evaluate<{ x: number; y: number }>(`window.ficus.cy.getElementById('t:orders').renderedPosition()`);
    const box = (await page.locator('#graph').boundingBox())!;
    await page.mouse.click(box.x + pos.x, box.y + pos.y);
    const details = (await page.locator('#details').innerText()).replace(/\s+/g, ' ');
    expect(details).toContain('table orders');
    const writes = report.tables.find((t) => t.name === 'orders')!.accessedBy.flatMap((a) => a.evidence);
    expect(writes.length).toBeGreaterThan(0);
    for (const e of writes) expect(details).toContain(`${e.file}:${e.line} ${e.call}`);
  });

  it('logs no console errors and requests nothing but its own file', () => {
    expect(consoleErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });
});

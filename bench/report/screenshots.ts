// Screenshots of ficus-report.html on a real code base, to look at: the seam view, every module grouped
// by seam, and the largest seam opened with its facts, at 1400×1000 in headless Chromium (offline).
// Run: npx tsx bench/report/screenshots.ts [analysed folder] [output folder]
//      (defaults: ../shared/corpus/outline and a fresh folder under the system temp dir)
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyze } from '../../analyzer/analyze.js';
import { launchChromium } from '../../test/support/browser.js';

const dir = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, '..', '..', '..', 'shared', 'corpus', 'outline'));
const out = process.argv[3] ? path.resolve(process.argv[3]) : mkdtempSync(path.join(tmpdir(), 'ficus-shots-'));
mkdirSync(out, { recursive: true });

const { report, written } = await analyze({ dir, outDir: path.join(out, 'report'), formats: ['html'] });
const html = written.find((f) => f.endsWith('.html'))!;
const browser = await launchChromium();
try {
  const context = await browser.newContext({ offline: true, viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const started = performance.now();
  await page.goto(pathToFileURL(html).href);
  await page.waitForFunction('window.ficus !== undefined', undefined, { timeout: 120_000 });
  const ready = performance.now() - started;
  const shots: string[] = [];
  const shoot = async (name: string) => {
    const file = path.join(out, `${name}.png`);
    await page.screenshot({ path: file });
    shots.push(file);
  };
  await shoot('1-seams');
  const largest = [...report.seams].sort((a, b) => b.modules.length - a.modules.length)[0];
  await page.evaluate(`window.ficus.cy.getElementById(${JSON.stringify(`s:${largest.id}`)}).emit('tap')`);
  await shoot('2-seam-facts');
  await page.evaluate(`window.ficus.filterSeam(${JSON.stringify(largest.id)})`);
  await shoot('3-seam-drilled');
  await page.evaluate('window.ficus.showAll()');
  await shoot('4-all-modules');
  await page.locator('#table-matrix').scrollIntoViewIfNeeded();
  await shoot('5-table-matrix');
  await page.locator('#dsm').scrollIntoViewIfNeeded();
  await shoot('6-dsm');
  console.log(`${report.stats.modules} modules, ${report.seams.length} seams; page ready in ${(ready / 1000).toFixed(1)} s; ${errors.length} page errors${errors.length ? `: ${errors.join('; ')}` : ''}`);
  for (const s of shots) console.log(s);
} finally {
  await browser.close();
}

// The dashboard in Debian's chromium against a live gateway with real shadow traffic: read the
// route table, get refused by the promote guard (numbers shown), force a canary through the page,
// then check the change through the API and the audit log; the diff view (in sight when opened,
// examples side by side, expanded ones staying expanded), the evidence reset, Rollback where it
// means something, the layout at 800 px, ramps, the live traffic view; no console errors.
// FICUS_SCREENSHOTS=<dir> saves screenshots at 1400 and 800 px wide there.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, ConsoleMessage, Page } from 'playwright-core';
import { browserSkipNote, hasChromium, launchChromium } from '../../support/browser.js';
import { ALICE, adminCall, sendTraffic, startScenario, stopScenario, type LiveGateway, type Upstream } from './admin-fixture.js';
import { startGateway } from '../support/start-gateway.js';
import { sendJson, startUpstream as startShadowUpstream } from '../support/upstreams.js';
import { waitFor } from '../support/wait-for.js';

const shots = process.env.FICUS_SCREENSHOTS;
async function screenshot(page: Page, name: string): Promise<void> {
  if (shots) await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

/** True when the element's box lies inside the viewport (what a user sees without scrolling). */
async function inSight(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).evaluate((e) => {
    const r = e.getBoundingClientRect();
    return r.top >= 0 && r.top < window.innerHeight - 40 && r.left >= 0 && r.right <= window.innerWidth;
  });
}

describe.skipIf(!hasChromium)(`dashboard in chromium${browserSkipNote}`, { timeout: 120_000 }, () => {
  let monolith: Upstream;
  let service: Upstream;
  let live: LiveGateway;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    ({ monolith, service, live } = await startScenario());
    await sendTraffic(live.url, 8); // shadow mode: the monolith answers, the service is compared
    await sendTraffic(live.url, 3, (i) => `/api/orders/${i}`);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('console', (m: ConsoleMessage) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (err) => consoleErrors.push(`pageerror: ${err.message}`));
  });
  afterAll(async () => {
    await browser?.close();
    await stopScenario({ monolith, service, live });
  });

  const row = (id: string) => page.locator(`tr[data-route="${id}"]`);

  it('asks for the token once, then shows the live route table', async () => {
    await page.goto(`${live.adminUrl}/`);
    await page.fill('#token', ALICE);
    await page.click('#login-form button[type=submit]');
    await expect.poll(() => row('catalog-products').count()).toBe(1);
    expect(await row('catalog-products').locator('[data-col=mode] .mode').textContent()).toBe('shadow');
    expect(await row('catalog-products').locator('[data-col=split]').textContent()).toContain('8 / 0');
    expect(await row('orders').locator('[data-col=split]').textContent()).toContain('3 / 0');

    await page.reload(); // the token is kept in this tab's sessionStorage
    await expect.poll(() => row('orders').count()).toBe(1);
    expect(await page.isVisible('#login')).toBe(false);
  });

  it('shows the promote guard refusal with its numbers, then forces a canary through the page', async () => {
    await row('catalog-products').locator('select[data-field=mode]').selectOption('canary');
    await row('catalog-products').locator('input[data-field=percent]').fill('10');
    await row('catalog-products').locator('button', { hasText: 'Apply' }).click();
    await expect.poll(() => page.textContent('#message')).toMatch(/Refused by the promote guard \(samples \d+ < 20, match rate 0 < 0\.95\)/);
    expect((await adminCall(live.adminUrl, 'GET', '/api/routes/catalog-products', ALICE)).body.mode).toBe('shadow');

    await row('catalog-products').locator('select[data-field=mode]').selectOption('canary');
    await row('catalog-products').locator('input[data-field=percent]').fill('10');
    await row('catalog-products').locator('input[data-field=force]').check();
    await row('catalog-products').locator('input[data-field=reason]').fill('from the dashboard');
    await row('catalog-products').locator('button', { hasText: 'Apply' }).click();
    await expect.poll(() => page.textContent('#message')).toContain('catalog-products: cutover → canary 10%');

    const { body } = await adminCall(live.adminUrl, 'GET', '/api/routes/catalog-products', ALICE);
    expect(body).toMatchObject({ mode: 'canary', percent: 10, source: 'runtime', updatedBy: 'alice' });
    const events = (await adminCall(live.adminUrl, 'GET', '/api/events', ALICE)).body.events;
    expect(events[0]).toMatchObject({ action: 'cutover', forced: true, who: 'alice', why: 'from the dashboard', to: { mode: 'canary', percent: 10 } });
    expect(events[1]).toMatchObject({ action: 'refused', who: 'alice' });

    await expect.poll(() => row('catalog-products').locator('[data-col=mode]').textContent()).toContain('canary');
    expect(await row('catalog-products').locator('[data-col=percent]').textContent()).toBe('10%');
    await expect.poll(() => page.locator('#events-body tr').first().textContent()).toContain('cutover (forced)');
  });

  it('opens the diff view in sight, with examples as monolith and service values side by side that stay expanded across refreshes', async () => {
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight)); // from the bottom of the page: the panel must come to the user
    await row('catalog-products').locator('button', { hasText: 'Diffs' }).click();
    await expect.poll(() => page.textContent('#diffs-title'), { timeout: 15_000 }).toMatch(/catalog-products — [1-9]\d* compared/);
    expect(await inSight(page, '#diffs')).toBe(true);
    expect(await page.textContent('#diffs-summary')).toMatch(/^Current window and epoch: \d+ compared .*All time: \d+ compared.*p95 monolith/);
    await expect.poll(() => page.locator('#diffs-body').textContent()).toContain('$.from');
    const example = page.locator('#diffs-body details[data-example^="$.from#"]').first();
    await example.locator('summary').click();
    expect(await example.locator('[data-side=monolith]').textContent()).toBe('"monolith"');
    expect(await example.locator('[data-side=service]').textContent()).toBe('"service"');
    expect(await example.locator('.sides pre').count()).toBe(2); // both bodies, side by side
    // Nothing overflows the panel or the page sideways.
    expect(await page.locator('#diffs').evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(page, 'dashboard-1400-diffs');
    const loads = Number(await page.locator('#diffs').getAttribute('data-loads'));
    await expect.poll(async () => Number(await page.locator('#diffs').getAttribute('data-loads')), { timeout: 15_000 }).toBeGreaterThan(loads + 1); // two refreshes later
    expect(await example.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
  });

  it('resets the shadow evidence from the diff view, audited', async () => {
    await page.fill('#evidence-reason', 'service redeployed');
    await page.click('#evidence-reset');
    await expect.poll(() => page.textContent('#message')).toContain('catalog-products: shadow evidence reset');
    await expect.poll(() => page.textContent('#diffs-title')).toContain('— 0 compared');
    const events = (await adminCall(live.adminUrl, 'GET', '/api/events?route=catalog-products', ALICE)).body.events;
    expect(events[0]).toMatchObject({ action: 'evidence-reset', who: 'alice', why: 'service redeployed' });
    await expect.poll(() => page.locator('#events-body tr').first().textContent()).toContain('evidence-reset');
    await page.click('#diffs-close');
  });

  it('offers Rollback only where it changes something, and shows no stale percent after one', async () => {
    expect(await row('orders').locator('button', { hasText: 'Rollback' }).isDisabled()).toBe(true); // monolith already
    const rollback = row('catalog-products').locator('button', { hasText: 'Rollback' });
    expect(await rollback.isDisabled()).toBe(false); // canary 10%
    await rollback.click();
    await expect.poll(() => page.textContent('#message')).toContain('catalog-products: rollback → monolith');
    await expect.poll(() => row('catalog-products').locator('[data-col=mode] .mode').textContent()).toBe('monolith');
    expect(await row('catalog-products').locator('[data-col=percent]').textContent()).toBe('—');
    expect(await row('catalog-products').locator('input[data-field=percent]').inputValue()).toBe('');
    expect(await row('catalog-products').locator('button', { hasText: 'Rollback' }).isDisabled()).toBe(true);
  });

  it('shows live traffic as it happens and opens one exchange with its shadow comparison beside it', async () => {
    await expect.poll(() => page.textContent('#traffic-live')).toBe('live');
    await adminCall(live.adminUrl, 'PATCH', '/api/routes/catalog-products', ALICE, { mode: 'shadow', reason: 'compare again' }); // rolled back above: shadow again
    const reply = await fetch(`${live.url}/api/products/77`);
    await reply.arrayBuffer();
    const id = reply.headers.get('x-request-id')!;
    const tr = page.locator(`#traffic-body tr[data-request="${id}"]`);
    await expect.poll(() => tr.count()).toBe(1); // arrived over the stream: no reload
    expect(await tr.textContent()).toContain('GET /api/products/77');
    await tr.click();
    await expect.poll(() => page.textContent('#exchange-title')).toContain('GET /api/products/77 → 200 from the monolith');
    const shadow = page.locator('#exchange [data-pane=shadow] [data-shadow=differed]');
    await expect.poll(() => shadow.count(), { timeout: 15_000 }).toBe(1);
    expect(await shadow.locator('[data-side=monolith]').first().textContent()).toBe('"monolith"');
    expect(await shadow.locator('[data-side=service]').first().textContent()).toBe('"service"');
    expect(await page.locator('#exchange [data-pane=exchange]').textContent()).toContain('not kept'); // no inspect.bodies on this route
    await screenshot(page, 'dashboard-1400-traffic');
  });

  it('keeps every action on screen at 800 px', async () => {
    await page.setViewportSize({ width: 800, height: 1000 });
    await page.evaluate(() => window.scrollTo(0, 0));
    for (const id of ['catalog-products', 'orders']) {
      for (const label of ['Apply', 'Rollback', 'Diffs']) {
        const button = row(id).locator('button', { hasText: label });
        // the table is rebuilt on every refresh: a box read while its row is being swapped is null
        let box: Awaited<ReturnType<typeof button.boundingBox>> = null;
        await expect.poll(async () => (box = await button.boundingBox()), { message: `${id} ${label}` }).not.toBeNull();
        expect(box!.x).toBeGreaterThanOrEqual(0);
        expect(box!.x + box!.width, `${id} ${label}`).toBeLessThanOrEqual(800);
      }
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(page, 'dashboard-800');
    await row('catalog-products').locator('button', { hasText: 'Diffs' }).click();
    await expect.poll(() => page.textContent('#diffs-title')).toMatch(/catalog-products — \d+ compared/);
    expect(await inSight(page, '#diffs')).toBe(true);
    await screenshot(page, 'dashboard-800-diffs');
    await page.click('#diffs-close');
    await page.setViewportSize({ width: 1400, height: 1000 });
  });

  it('logged no console errors beyond the browser noting the expected 409 refusal', () => {
    // Chromium logs every non-2xx fetch as "Failed to load resource"; the one 409 above is the guard doing its job.
    const unexpected = consoleErrors.filter((t) => !/Failed to load resource: the server responded with a status of 409/.test(t));
    expect(unexpected).toEqual([]);
  });
});

describe.skipIf(!hasChromium)(`dashboard ramps in chromium${browserSkipNote}`, { timeout: 120_000 }, () => {
  let monolith: Upstream;
  let service: Upstream;
  let live: LiveGateway;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ({ monolith, service, live } = await startScenario({ names: ['same', 'same'] })); // every comparison matches: the guard lets a ramp start
    await sendTraffic(live.url, 25);
    await waitFor(async () => (await adminCall(live.adminUrl, 'GET', '/api/routes/catalog-products/diffs', ALICE)).body.compared >= 20, 20_000, 100);
    const started = await adminCall(live.adminUrl, 'POST', '/api/routes/catalog-products/ramp', ALICE, { steps: [5, 25, 100], holdS: 600, reason: 'slowly' });
    expect(started.status).toBe(200);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(`${live.adminUrl}/`);
    await page.fill('#token', ALICE);
    await page.click('#login-form button[type=submit]');
  });
  afterAll(async () => {
    await browser?.close();
    await stopScenario({ monolith, service, live });
  });

  const ramp = () => page.locator('tr[data-ramp="catalog-products"]');
  const apiStatus = async () => (await adminCall(live.adminUrl, 'GET', '/api/routes/catalog-products/ramp', ALICE)).body.ramp.status;

  it('shows the ramp with its current step, and pauses, resumes and aborts it', async () => {
    await expect.poll(() => ramp().locator('[data-col=status]').textContent()).toContain('running');
    expect(await ramp().locator('.steps .now').textContent()).toBe('5%');
    expect(await ramp().locator('button').allTextContents()).toEqual(['Pause', 'Abort']);
    await screenshot(page, 'dashboard-1400-ramps');
    await ramp().locator('button[data-action=pause]').click();
    await expect.poll(apiStatus).toBe('paused');
    await expect.poll(() => ramp().locator('button').allTextContents()).toEqual(['Resume', 'Abort']);
    await ramp().locator('button[data-action=resume]').click();
    await expect.poll(apiStatus).toBe('running');
    await expect.poll(() => ramp().locator('button[data-action=abort]').count()).toBe(1);
    await ramp().locator('button[data-action=abort]').click();
    await expect.poll(apiStatus).toBe('aborted');
    await expect.poll(() => ramp().locator('[data-col=status]').textContent()).toContain('aborted');
    expect(await ramp().locator('button').count()).toBe(0);
    const events = (await adminCall(live.adminUrl, 'GET', '/api/events?route=catalog-products&limit=3', ALICE)).body.events;
    expect(events.map((e: any) => [e.action, e.who])).toEqual([['ramp', 'alice'], ['ramp', 'alice'], ['ramp', 'alice']]);
  });
});

describe.skipIf(!hasChromium)(`dashboard diff view of a flapping version header in chromium${browserSkipNote}`, { timeout: 120_000 }, () => {
  it('says the version header flaps', async () => {
    const token = 'flapping-dashboard-token-0123456789';
    let n = 0;
    const monolith = await startShadowUpstream((req, res) => sendJson(res, { url: req.url }));
    const service = await startShadowUpstream((req, res) => sendJson(res, { url: req.url }, { 'x-service-version': `build-${n++}` }));
    const gw = await startGateway({
      monolith: { url: monolith.url },
      services: { catalog: { url: service.url } },
      admin: { token },
      routes: [{ id: 'products', match: { path: '/api/products/:id' }, service: 'catalog', mode: 'shadow', shadow: { noise: 'off' } }],
    });
    const browser = await launchChromium();
    try {
      const adminUrl = `http://127.0.0.1:${gw.adminPort}`;
      for (let round = 0; round < 6; round++) {
        await sendTraffic(`http://127.0.0.1:${gw.port}`, 3, (i) => `/api/products/${round * 10 + i}`);
        await new Promise((r) => setTimeout(r, 1100)); // one flush: at most one epoch per route and flush
      }
      await waitFor(async () => Boolean((await adminCall(adminUrl, 'GET', '/api/routes/products/diffs', token)).body.epoch.flapping), 20_000, 100);
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      await page.goto(`${adminUrl}/`);
      await page.fill('#token', token);
      await page.click('#login-form button[type=submit]');
      await page.locator('tr[data-route="products"] button', { hasText: 'Diffs' }).click();
      await expect.poll(() => page.locator('#diffs-summary [data-warning=flapping]').count()).toBe(1);
      expect(await page.textContent('#diffs-summary [data-warning=flapping]')).toContain('promotion is refused while it flaps');
    } finally {
      await browser.close();
      await gw.close();
      await monolith.close();
      await service.close();
    }
  });
});

// The dashboard in Debian's chromium against a live gateway with real shadow traffic: read the
// route table, get refused by the promote guard (numbers shown), force a canary through the page,
// then check the change through the API and the audit log; the diff view; no console errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, ConsoleMessage, Page } from 'playwright-core';
import { browserSkipNote, hasChromium, launchChromium } from '../../support/browser.js';
import { ALICE, adminCall, sendTraffic, startScenario, stopScenario, type LiveGateway, type Upstream } from './admin-fixture.js';

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
    page = await browser.newPage();
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

  it('shows the per-route diff view from real shadow comparisons', async () => {
    await row('catalog-products').locator('button', { hasText: 'Diffs' }).click();
    await expect.poll(() => page.textContent('#diffs-title'), { timeout: 15_000 }).toMatch(/catalog-products — [1-9]\d* compared/);
    await expect.poll(() => page.locator('#diffs-body').textContent()).toContain('$.from');
  });

  it('logged no console errors beyond the browser noting the expected 409 refusal', () => {
    // Chromium logs every non-2xx fetch as "Failed to load resource"; the one 409 above is the guard doing its job.
    const unexpected = consoleErrors.filter((t) => !/Failed to load resource: the server responded with a status of 409/.test(t));
    expect(unexpected).toEqual([]);
  });
});

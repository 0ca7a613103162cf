// The dashboard at `/` on the admin port: one self-contained page (no build step, no CDN, no network
// besides the admin API, enforced by its Content-Security-Policy). A TS module because tsc does not
// copy .html files into dist/. It only calls the API, so it is guarded exactly as the API is. The
// script is one string put together from the parts in dashboard/ (one view each).
import { createHash } from 'node:crypto';
import { coreScript } from './dashboard/core-script.js';
import { diffsScript } from './dashboard/diffs-script.js';
import { rampsScript } from './dashboard/ramps-script.js';
import { routesScript } from './dashboard/routes-script.js';
import { style } from './dashboard/style.js';
import { trafficScript } from './dashboard/traffic-script.js';

// Refresh every 2 s: routes, ramps and the audit log, the open diff view, the open exchange. The
// live traffic list follows the stream instead.
const mainScript = `
let refreshing = false;
async function refresh() {
  if (!token || refreshing) return;
  refreshing = true;
  try {
    const [routes, events, ramps] = await Promise.all([api('GET', '/api/routes'), api('GET', '/api/events?limit=50'), api('GET', '/api/ramps')]);
    const focused = document.activeElement && document.activeElement.closest('#routes tr');
    if (!focused) $('routes-body').replaceChildren(...routes.routes.map(routeRow)); // never redraw under the operator's cursor
    drawRamps(ramps.ramps);
    $('events-body').replaceChildren(...events.events.map(eventRow));
    $('status').textContent = 'updated ' + new Date().toLocaleTimeString();
  } catch (e) {
    if (e.message !== 'unauthorized') $('status').textContent = 'admin API unreachable: ' + e.message;
  } finally {
    refreshing = false;
  }
}

function start() {
  $('login').classList.add('hidden');
  $('app').classList.remove('hidden');
  refresh();
  loadTraffic().then(follow);
}

function logout(why) {
  token = null;
  sessionStorage.removeItem(KEY);
  stopFollowing();
  $('app').classList.add('hidden');
  $('login').classList.remove('hidden');
  $('login-why').textContent = why || '';
}

$('login-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  token = $('token').value.trim();
  if (!token) return;
  sessionStorage.setItem(KEY, token);
  start();
});
$('logout').addEventListener('click', () => logout(''));
$('diffs-close').addEventListener('click', () => { selected = null; $('diffs').classList.add('hidden'); });
$('evidence-reset').addEventListener('click', resetEvidence);
$('exchange-close').addEventListener('click', () => { picked = null; $('exchange').classList.add('hidden'); });

if (token) start();
setInterval(() => { refresh(); loadDiffs(); refreshExchange(); }, 2000);
`;

const script = coreScript + routesScript + diffsScript + rampsScript + trafficScript + mainScript;

const body = `
<header><h1>ficus — routes</h1><span id="status"></span><button id="logout" type="button">Forget token</button></header>
<section id="login">
  <h2>Admin token</h2>
  <p id="login-why"></p>
  <form id="login-form"><label for="token">Bearer token for this gateway's admin API (kept in this tab only)</label>
  <input id="token" type="password" autocomplete="off"><button type="submit">Open dashboard</button></form>
</section>
<main id="app" class="hidden">
  <div id="message" role="status"></div>
  <section class="scroll"><h2>Routes</h2>
    <table id="routes"><thead><tr><th>route</th><th>service</th><th>mode</th><th>percent</th><th>traffic monolith / service</th><th>error rate</th><th>shadow match</th><th>actions</th></tr></thead>
    <tbody id="routes-body"></tbody></table>
  </section>
  <section id="diffs" class="hidden"><h2><span id="diffs-title">Diffs</span><button id="diffs-close" type="button">Close</button></h2>
    <div id="diffs-summary"></div>
    <div class="actions"><input id="evidence-reason" type="text" placeholder="reason" aria-label="reason for the evidence reset">
      <button id="evidence-reset" type="button" title="start a new evidence epoch: what was compared so far no longer counts for promotion (audited)">Reset evidence</button></div>
    <table><thead><tr><th>path</th><th>kind</th><th>count</th><th>noise count</th><th>verdict</th></tr></thead><tbody id="diffs-body"></tbody></table>
  </section>
  <section class="scroll"><h2>Ramps</h2>
    <table id="ramps"><thead><tr><th>route</th><th>steps</th><th>status</th><th>hold left</th><th>by</th><th>actions</th></tr></thead><tbody id="ramps-body"></tbody></table>
  </section>
  <section><h2>Live traffic <span id="traffic-live" class="live">connecting…</span></h2>
    <div id="traffic-wrap"><table id="traffic"><thead><tr><th>time</th><th>route</th><th>request</th><th>status</th><th>backend</th><th>duration</th></tr></thead><tbody id="traffic-body"></tbody></table></div>
  </section>
  <section id="exchange" class="hidden"><h2><span id="exchange-title">Exchange</span><button id="exchange-close" type="button">Close</button></h2>
    <div id="exchange-body"></div>
  </section>
  <section class="scroll"><h2>Audit log</h2>
    <table id="events"><thead><tr><th>time</th><th>route</th><th>action</th><th>from → to</th><th>who</th><th>why</th></tr></thead><tbody id="events-body"></tbody></table>
  </section>
</main>`;

const sha256 = (s: string): string => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;

/** The page itself. */
export const dashboardHtml = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>ficus admin</title><link rel="icon" href="data:,"><style>${style}</style></head>
<body>${body}<script>${script}</script></body></html>`;

/** Only this page's own script and style run, and it talks only to the admin API it came from. */
export const dashboardCsp = [
  "default-src 'none'",
  `script-src ${sha256(script)}`,
  `style-src ${sha256(style)}`,
  "connect-src 'self'",
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

// The dashboard at `/` on the admin port: one self-contained page (no build step, no CDN, no network
// besides the admin API, enforced by its Content-Security-Policy). A TS module because tsc does not
// copy .html files into dist/. It only calls the API, so it is guarded exactly as the API is.
import { createHash } from 'node:crypto';

const style = `
:root { --fg:#1d2330; --muted:#667; --line:#dde1e8; --bg:#f7f8fa; --mono:#445; --svc:#2f7d5b; --mono-bar:#8a94a6; --bad:#b3261e; --warn:#9a6700; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.4 system-ui, sans-serif; color:var(--fg); background:var(--bg); }
header { display:flex; align-items:center; gap:1rem; padding:.6rem 1rem; background:#fff; border-bottom:1px solid var(--line); }
header h1 { font-size:1.05rem; margin:0; }
#status { color:var(--muted); font-size:.85rem; margin-left:auto; }
main { padding:1rem; display:grid; gap:1rem; }
section { background:#fff; border:1px solid var(--line); border-radius:6px; padding:.75rem 1rem; overflow-x:auto; }
h2 { font-size:.95rem; margin:.1rem 0 .6rem; }
table { border-collapse:collapse; width:100%; }
th, td { text-align:left; padding:.35rem .5rem; border-bottom:1px solid var(--line); vertical-align:middle; white-space:nowrap; }
th { font-weight:600; color:var(--muted); font-size:.8rem; }
td.num { text-align:right; font-variant-numeric:tabular-nums; }
.mode { font-weight:600; padding:.1rem .4rem; border-radius:4px; background:#eef0f4; }
.mode-canary { background:#fff4d6; } .mode-service { background:#dff3e9; } .mode-shadow { background:#e6ecfb; }
.runtime { color:var(--warn); font-size:.8rem; }
.muted { color:var(--muted); font-size:.8rem; }
td.wrap { white-space:normal; min-width:14rem; }
.split { display:inline-block; width:110px; height:10px; background:var(--mono-bar); border-radius:3px; overflow:hidden; vertical-align:middle; }
.split > span { display:block; height:100%; background:var(--svc); }
.bad { color:var(--bad); font-weight:600; }
.actions { display:flex; flex-wrap:wrap; gap:.3rem; align-items:center; max-width:30rem; }
.actions input[type=number] { width:4.2rem; }
.actions input[type=text] { width:8rem; }
button { cursor:pointer; }
#message { padding:.5rem .75rem; border-radius:4px; display:none; }
#message.show { display:block; }
#message.error { background:#fde7e5; color:var(--bad); }
#message.ok { background:#e3f4ea; color:#1c5e3c; }
#login { max-width:28rem; margin:3rem auto; }
#login input { width:100%; margin:.5rem 0; padding:.4rem; }
pre { background:#f3f4f7; padding:.5rem; max-height:16rem; overflow:auto; margin:.3rem 0; white-space:pre-wrap; }
.hidden { display:none; }
`;

const script = `
'use strict';
const KEY = 'ficus-admin-token';
const $ = (id) => document.getElementById(id);
let token = sessionStorage.getItem(KEY);
let selected = null;
let refreshing = false;

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}
const pct = (x) => (x === null || x === undefined ? '—' : (x * 100).toFixed(x >= 0.9995 || x === 0 ? 0 : 1) + '%');

async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: Object.assign({ authorization: 'Bearer ' + token }, body ? { 'content-type': 'application/json' } : {}),
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = { title: text }; }
  if (res.status === 401) { logout('That token was refused. Enter an admin token.'); throw new Error('unauthorized'); }
  if (!res.ok) { const e = new Error((data && (data.detail || data.title)) || res.statusText); e.status = res.status; e.data = data; throw e; }
  return data;
}

function show(kind, text) {
  const m = $('message');
  m.className = 'show ' + kind;
  m.textContent = text;
}

function describeRefusal(data) {
  const parts = (data.shortfalls || []).map((s) => s.metric === 'samples'
    ? 'samples ' + s.actual + ' < ' + s.required
    : 'match rate ' + (s.actual === null ? 'n/a' : Math.round(s.actual * 10000) / 10000) + ' < ' + s.required);
  return 'Refused by the promote guard (' + parts.join(', ') + '). Tick "force" to override; it is audited.';
}

const ACTIONS = {
  cutover: { method: 'PATCH', suffix: '' },
  rollback: { method: 'POST', suffix: '/rollback' },
  reset: { method: 'DELETE', suffix: '/state' },
};

async function act(route, label, body) {
  const { method, suffix } = ACTIONS[label];
  try {
    const out = await api(method, '/api/routes/' + encodeURIComponent(route.id) + suffix, body);
    show('ok', route.id + ': ' + label + ' → ' + out.state.mode + (out.state.mode === 'canary' ? ' ' + out.state.percent + '%' : '') + (out.changed ? '' : ' (no change)'));
  } catch (e) {
    if (e.message === 'unauthorized') return;
    show('error', route.id + ': ' + (e.status === 409 ? describeRefusal(e.data) : e.message + (e.data && e.data.problems ? ' — ' + e.data.problems.join('; ') : '')));
  }
  if (document.activeElement) document.activeElement.blur(); // the row may be redrawn now
  await refresh();
}

function routeRow(r) {
  const total = r.requests.monolith + r.requests.service;
  const share = total ? r.requests.service / total : 0;
  const bar = el('span');
  bar.style.width = (share * 100).toFixed(1) + '%';
  const mode = el('select', { 'aria-label': 'mode for ' + r.id, 'data-field': 'mode' },
    ['monolith', 'shadow', 'canary', 'service'].map((m) => el('option', { value: m, selected: m === r.mode }, m)));
  const percent = el('input', { type: 'number', min: 0, max: 100, step: 'any', value: r.percent, 'aria-label': 'percent for ' + r.id, 'data-field': 'percent' });
  const force = el('input', { type: 'checkbox', 'aria-label': 'force for ' + r.id, 'data-field': 'force' });
  const reason = el('input', { type: 'text', placeholder: 'reason', 'aria-label': 'reason for ' + r.id, 'data-field': 'reason' });
  const errBad = r.errorRate !== null && r.errorRate > r.guard.rollback.maxErrorRate;
  const matchBad = r.shadow.matchRate !== null && r.shadow.matchRate < r.guard.promote.minMatchRate;
  return el('tr', { 'data-route': r.id },
    el('td', {}, el('strong', {}, r.id), el('div', { class: 'muted' }, r.match.path)),
    el('td', {}, r.service || '—'),
    el('td', { 'data-col': 'mode' }, el('span', { class: 'mode mode-' + r.mode }, r.mode),
      r.source === 'runtime' ? el('div', { class: 'runtime', title: 'runtime change by ' + r.updatedBy + ' at ' + r.updatedAt }, 'runtime (file: ' + r.file.mode + ')') : null),
    el('td', { class: 'num', 'data-col': 'percent' }, r.mode === 'canary' ? r.percent + '%' : '—'),
    el('td', { 'data-col': 'split' }, el('span', { class: 'split', title: r.requests.service + ' service / ' + r.requests.monolith + ' monolith' }, bar),
      ' ' + r.requests.monolith + ' / ' + r.requests.service),
    el('td', { class: 'num' + (errBad ? ' bad' : ''), 'data-col': 'errorRate', title: r.window.failures + ' of ' + r.window.requests + ' service requests failed in ' + r.window.seconds + 's' }, pct(r.errorRate)),
    el('td', { class: 'num' + (matchBad ? ' bad' : ''), 'data-col': 'matchRate' }, pct(r.shadow.matchRate), el('div', { class: 'muted' }, r.shadow.compared + ' samples')),
    el('td', {}, el('div', { class: 'actions' }, mode, percent, el('label', {}, force, 'force'), reason,
      el('button', { onclick: () => act(r, 'cutover', Object.assign({ mode: mode.value, percent: Number(percent.value), force: force.checked }, reason.value ? { reason: reason.value } : {})) }, 'Apply'),
      el('button', { onclick: () => act(r, 'rollback', { reason: reason.value || 'rollback from the dashboard' }) }, 'Rollback'),
      r.source === 'runtime' ? el('button', { title: 'drop the runtime state: back to the config file', onclick: () => act(r, 'reset', { reason: reason.value || 'reset from the dashboard' }) }, 'Reset') : null,
      el('button', { onclick: () => { selected = r.id; loadDiffs(); } }, 'Diffs'))));
}

function eventRow(e) {
  return el('tr', {},
    el('td', {}, new Date(e.at).toLocaleString()),
    el('td', {}, e.routeId),
    el('td', {}, e.action + (e.forced ? ' (forced)' : '')),
    el('td', {}, e.from.mode + (e.from.mode === 'canary' ? ' ' + e.from.percent + '%' : '') + ' → ' + e.to.mode + (e.to.mode === 'canary' ? ' ' + e.to.percent + '%' : '')),
    el('td', {}, e.who),
    el('td', { class: 'wrap' }, e.why));
}

async function loadDiffs() {
  if (!selected) return;
  const box = $('diffs');
  box.classList.remove('hidden');
  try {
    const d = await api('GET', '/api/routes/' + encodeURIComponent(selected) + '/diffs');
    $('diffs-title').textContent = 'Diffs: ' + selected + ' — ' + d.compared + ' compared, ' + d.matched + ' matched, ' + d.mismatched + ' mismatched (' + pct(d.matchRate) + ')';
    const body = $('diffs-body');
    body.replaceChildren(...(d.fields.length ? d.fields.map((f) => el('tr', {},
      el('td', {}, f.path), el('td', {}, f.kind), el('td', { class: 'num' }, f.count), el('td', { class: 'num' }, f.noiseCount),
      el('td', {}, f.noise ? 'noise' : 'real'),
      el('td', {}, f.examples && f.examples.length ? el('details', {}, el('summary', {}, f.examples.length + ' example(s)'),
        f.examples.map((x) => el('pre', {}, JSON.stringify(x, null, 2)))) : '—')))
      : [el('tr', {}, el('td', { colspan: 6 }, 'No differences recorded.'))]));
  } catch (e) {
    if (e.message !== 'unauthorized') $('diffs-title').textContent = 'Diffs: ' + selected + ' — ' + e.message;
  }
}

async function refresh() {
  if (!token || refreshing) return;
  refreshing = true;
  try {
    const [routes, events] = await Promise.all([api('GET', '/api/routes'), api('GET', '/api/events?limit=50')]);
    const focused = document.activeElement && document.activeElement.closest('#routes tr');
    if (!focused) $('routes-body').replaceChildren(...routes.routes.map(routeRow)); // never redraw under the operator's cursor
    $('events-body').replaceChildren(...events.events.map(eventRow));
    $('status').textContent = 'updated ' + new Date().toLocaleTimeString();
  } catch (e) {
    if (e.message !== 'unauthorized') $('status').textContent = 'admin API unreachable: ' + e.message;
  } finally {
    refreshing = false;
  }
}

function logout(why) {
  token = null;
  sessionStorage.removeItem(KEY);
  $('app').classList.add('hidden');
  $('login').classList.remove('hidden');
  $('login-why').textContent = why || '';
}

$('login-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  token = $('token').value.trim();
  if (!token) return;
  sessionStorage.setItem(KEY, token);
  $('login').classList.add('hidden');
  $('app').classList.remove('hidden');
  refresh();
});
$('logout').addEventListener('click', () => logout(''));
$('diffs-close').addEventListener('click', () => { selected = null; $('diffs').classList.add('hidden'); });

if (token) { $('login').classList.add('hidden'); $('app').classList.remove('hidden'); refresh(); }
setInterval(() => { refresh(); loadDiffs(); }, 2000);
`;

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
  <section><h2>Routes</h2>
    <table id="routes"><thead><tr><th>route</th><th>service</th><th>mode</th><th>percent</th><th>traffic monolith / service</th><th>error rate</th><th>shadow match</th><th>actions</th></tr></thead>
    <tbody id="routes-body"></tbody></table>
  </section>
  <section id="diffs" class="hidden"><h2 id="diffs-title">Diffs</h2><button id="diffs-close" type="button">Close</button>
    <table><thead><tr><th>path</th><th>kind</th><th>count</th><th>noise count</th><th>verdict</th><th>examples</th></tr></thead><tbody id="diffs-body"></tbody></table>
  </section>
  <section><h2>Audit log</h2>
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

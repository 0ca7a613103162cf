// The dashboard script's shared part: element builder, the admin API call (bearer token from this
// tab's sessionStorage), the message line, and value formatting. Plain browser JS in a string.
export const coreScript = `
'use strict';
const KEY = 'ficus-admin-token';
const $ = (id) => document.getElementById(id);
let token = sessionStorage.getItem(KEY);

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
const ms = (x) => (x === null || x === undefined ? '—' : (Math.round(x * 10) / 10) + ' ms');
const modeText = (s) => s.mode + (s.mode === 'canary' ? ' ' + s.percent + '%' : '');
/** A value as text: strings quoted, the rest as compact JSON; absent as —. */
const valueText = (v) => (v === undefined ? '—' : typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v));
/** A body's text, indented when it is JSON. */
function bodyText(text) {
  if (!text) return '(empty)';
  try { return JSON.stringify(JSON.parse(text), null, 2); } catch { return text; }
}

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

function problemText(e) {
  return e.message + (e.data && e.data.problems ? ' — ' + e.data.problems.join('; ') : '');
}

/** Runs one admin call for a button, shows its outcome, then redraws. */
async function perform(label, call, describe) {
  try {
    const out = await call();
    show('ok', describe(out));
  } catch (e) {
    if (e.message === 'unauthorized') return;
    show('error', label + ': ' + problemText(e));
  }
  if (document.activeElement) document.activeElement.blur(); // the row may be redrawn now
  await refresh();
}

/** Headers as a small table. */
function headerTable(headers) {
  const names = Object.keys(headers || {}).sort();
  return el('table', { class: 'values' }, names.map((n) => el('tr', {}, el('th', {}, n), el('td', {}, [].concat(headers[n]).join(', ')))));
}
`;

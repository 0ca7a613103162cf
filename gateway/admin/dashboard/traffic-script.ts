// The dashboard's live traffic: the inspector's recent exchanges, then each new one from
// GET /api/traffic/stream (read with fetch, since EventSource cannot send the bearer token). A
// click opens the exchange with its headers and bodies, and its shadow comparison beside it when
// there is one (re-read while the comparison is still on its way).
export const trafficScript = `
const MAX_ROWS = 100;
let picked = null; // request id of the open exchange
let pickedHasShadow = false;
let stream = null;

function trafficRow(x) {
  const tr = el('tr', { 'data-request': x.requestId, class: x.requestId === picked ? 'picked' : '' , onclick: () => openExchange(x.requestId) },
    el('td', {}, new Date(x.time).toLocaleTimeString()),
    el('td', {}, x.route === null ? '(unmatched)' : x.route),
    el('td', {}, el('span', { class: 'ellipsis', title: x.url }, x.method + ' ' + x.url)),
    el('td', { class: 'num' + (x.status >= 500 ? ' bad' : '') }, x.status),
    el('td', {}, x.backend + (x.fellBack ? ' (fell back)' : '')),
    el('td', { class: 'num' }, ms(x.durationMs)));
  return tr;
}

function addExchange(x) {
  const body = $('traffic-body');
  if (body.firstChild && body.firstChild.dataset && !body.firstChild.dataset.request) body.replaceChildren();
  body.prepend(trafficRow(x));
  while (body.children.length > MAX_ROWS) body.lastChild.remove();
}

async function loadTraffic() {
  try {
    const d = await api('GET', '/api/traffic?limit=50');
    $('traffic-body').replaceChildren(...(d.exchanges.length ? d.exchanges.map(trafficRow) : [el('tr', {}, el('td', { colspan: 6, class: 'muted' }, 'No exchanges yet.'))]));
  } catch (e) {
    if (e.message !== 'unauthorized') $('traffic-live').textContent = 'unavailable: ' + e.message;
  }
}

function setLive(on, text) {
  const live = $('traffic-live');
  live.className = 'live' + (on ? ' on' : '');
  live.textContent = text;
}

async function follow() {
  if (stream || !token) return;
  const controller = new AbortController();
  stream = controller;
  try {
    const res = await fetch('/api/traffic/stream', { headers: { authorization: 'Bearer ' + token }, signal: controller.signal });
    if (!res.ok || !res.body) throw new Error('stream refused: ' + res.status);
    setLive(true, 'live');
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffered = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffered += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffered.indexOf('\\n\\n')) >= 0) {
        const chunk = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const data = chunk.split('\\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\\n');
        if (data) addExchange(JSON.parse(data));
      }
    }
  } catch (e) {
    if (controller.signal.aborted) return;
  } finally {
    if (stream === controller) stream = null;
  }
  setLive(false, 'reconnecting…');
  setTimeout(follow, 2000);
}

function stopFollowing() {
  if (stream) stream.abort();
  stream = null;
}

function bodyBlock(title, b) {
  if (!b) return el('div', { class: 'muted' }, title + ': not kept (the route does not set inspect.bodies)');
  return el('div', {}, el('h3', {}, title + ' (' + b.bytes + ' bytes)'), b.overCap ? el('div', { class: 'muted' }, 'over the route cap: size only') : el('pre', {}, bodyText(b.text)));
}

function shadowBlock(x) {
  if (!x.shadow) return el('div', { 'data-shadow': 'none', class: 'muted' }, x.route && x.backend === 'monolith' ? 'No shadow comparison for this exchange (yet).' : 'No shadow comparison: only shadow-mode exchanges are compared.');
  const s = x.shadow;
  return el('div', { 'data-shadow': s.matched ? 'matched' : 'differed' },
    el('div', {}, s.matched ? 'The service answered the same.' : s.differences.length + ' difference(s).', ' ',
      el('span', { class: 'muted' }, 'service status ' + s.serviceStatus + ', monolith ' + ms(s.monolithMs) + ', service ' + ms(s.serviceMs))),
    s.differences.length ? el('table', { class: 'values' },
      el('tr', {}, el('th', {}, 'at'), el('th', {}, 'monolith'), el('th', {}, 'service')),
      s.differences.map((d) => el('tr', {}, el('th', {}, d.at + ' (' + d.kind + ')'), el('td', { 'data-side': 'monolith' }, valueText(d.monolith)), el('td', { 'data-side': 'service' }, valueText(d.service))))) : null);
}

async function openExchange(id, quiet) {
  picked = id;
  for (const tr of $('traffic-body').children) tr.classList.toggle('picked', tr.dataset.request === id);
  const box = $('exchange');
  box.classList.remove('hidden');
  try {
    const x = await api('GET', '/api/traffic/' + encodeURIComponent(id));
    if (picked !== id) return;
    pickedHasShadow = Boolean(x.shadow);
    $('exchange-title').textContent = x.method + ' ' + x.url + ' → ' + x.status + ' from the ' + x.backend;
    $('exchange-body').replaceChildren(el('div', { class: 'sides' },
      el('div', { 'data-pane': 'exchange' },
        el('div', { class: 'muted' }, new Date(x.time).toLocaleString() + ' · route ' + (x.route || '(unmatched)') + ' · ' + x.reason + ' · ' + x.outcome + ' · ' + ms(x.durationMs) + ' · ' + x.requestId),
        el('h3', {}, 'request headers'), headerTable(x.requestHeaders), bodyBlock('request body', x.requestBody),
        el('h3', {}, 'response headers'), headerTable(x.responseHeaders), bodyBlock('response body', x.responseBody)),
      el('div', { 'data-pane': 'shadow' }, el('h3', {}, 'shadow comparison'), shadowBlock(x))));
    if (!quiet) box.scrollIntoView({ block: 'nearest' });
  } catch (e) {
    if (e.message !== 'unauthorized') $('exchange-title').textContent = id + ': ' + e.message;
  }
}

function refreshExchange() {
  if (picked && !pickedHasShadow) openExchange(picked, true); // the comparison arrives after the answer
}
`;

// The dashboard's diff view: scrolled into sight when opened (it used to open below the fold), the
// current window and epoch beside the all-time totals, latency, the evidence reset, and each
// example as the monolith's and the service's values side by side with both bodies wrapped. The
// view is redrawn only when the answer changed, and an expanded example stays expanded across
// refreshes (its key is remembered).
export const diffsScript = `
let selected = null;
let diffsSeen = '';
const openExamples = new Set();

function openDiffs(id) {
  if (selected !== id) { diffsSeen = ''; openExamples.clear(); }
  selected = id;
  const box = $('diffs');
  box.classList.remove('hidden');
  $('diffs-title').textContent = 'Diffs: ' + id + ' — loading…';
  box.scrollIntoView({ block: 'start' });
  loadDiffs();
}

function exampleView(f, x, i) {
  const key = f.path + '#' + i;
  const details = el('details', { 'data-example': key, open: openExamples.has(key) },
    el('summary', {}, el('code', {}, x.request.method + ' ' + x.request.url), ' ', el('span', { class: 'muted' }, 'at ' + x.at + ', ' + new Date(x.recordedAt).toLocaleString())),
    el('table', { class: 'values' },
      el('tr', {}, el('th', {}, ''), el('th', {}, 'monolith'), el('th', {}, 'service')),
      el('tr', {}, el('th', {}, x.at), el('td', { 'data-side': 'monolith' }, valueText(x.left)), el('td', { 'data-side': 'service' }, valueText(x.right))),
      el('tr', {}, el('th', {}, 'status'), el('td', {}, x.monolith.status), el('td', {}, x.service.status))),
    el('div', { class: 'sides' },
      el('div', {}, el('h3', {}, 'monolith body' + (x.monolith.truncated ? ' (cut at 4 kB of ' + x.monolith.bodyBytes + ' bytes)' : '')), el('pre', {}, bodyText(x.monolith.body))),
      el('div', {}, el('h3', {}, 'service body' + (x.service.truncated ? ' (cut at 4 kB of ' + x.service.bodyBytes + ' bytes)' : '')), el('pre', {}, bodyText(x.service.body)))),
    x.request.body ? el('div', {}, el('h3', {}, 'request body'), el('pre', {}, bodyText(x.request.body))) : null);
  details.addEventListener('toggle', () => (details.open ? openExamples.add(key) : openExamples.delete(key)));
  return el('div', { class: 'example' }, details);
}

function fieldRows(f) {
  const head = el('tr', { 'data-field-path': f.path },
    el('td', {}, el('code', {}, f.path)), el('td', {}, f.kind), el('td', { class: 'num' }, f.count), el('td', { class: 'num' }, f.noiseCount),
    el('td', {}, f.noise ? 'noise' : 'real'));
  const examples = f.examples && f.examples.length
    ? el('tr', {}, el('td', { colspan: 5 }, f.examples.map((x, i) => exampleView(f, x, i))))
    : null;
  return [head, examples];
}

function drawDiffs(d) {
  const e = d.epoch || {};
  $('diffs-title').textContent = 'Diffs: ' + selected + ' — ' + d.compared + ' compared, ' + d.matched + ' matched, ' + d.mismatched + ' mismatched (' + pct(d.matchRate) + ')';
  const lat = d.latency || { monolith: {}, service: {}, ratio: {} };
  $('diffs-summary').replaceChildren(...[
    el('div', {}, 'Current window and epoch: ' + d.compared + ' compared since ' + (d.window && d.window.from ? new Date(d.window.from).toLocaleString() : 'the epoch began') +
      (e.version ? ' (service version ' + e.version + ')' : '') + '. All time: ' + d.allTime.compared + ' compared, ' + pct(d.allTime.matchRate) + ' matched.'),
    el('div', { 'data-col': 'latency' }, 'p95 monolith ' + ms(lat.monolith.p95) + ', service ' + ms(lat.service.p95) + ' (ratio ' + (lat.ratio.p95 === null || lat.ratio.p95 === undefined ? '—' : lat.ratio.p95.toFixed(2)) + ')'),
    e.flapping ? el('div', { class: 'warnbox', 'data-warning': 'flapping' }, 'The service version header changed ' + e.recentVersionEpochs + ' times lately: no epoch lasts long enough to judge, promotion is refused while it flaps.') : null].filter(Boolean));
  $('diffs-body').replaceChildren(...(d.fields.length ? d.fields.flatMap(fieldRows).filter(Boolean)
    : [el('tr', {}, el('td', { colspan: 5 }, 'No differences recorded in this window.'))]));
}

async function loadDiffs() {
  if (!selected) return;
  const box = $('diffs');
  try {
    const d = await api('GET', '/api/routes/' + encodeURIComponent(selected) + '/diffs');
    const seen = JSON.stringify(d);
    if (seen !== diffsSeen) { diffsSeen = seen; drawDiffs(d); } // an unchanged answer leaves the view (and what is expanded) alone
    box.dataset.loads = String(Number(box.dataset.loads || 0) + 1);
  } catch (e) {
    if (e.message !== 'unauthorized') $('diffs-title').textContent = 'Diffs: ' + selected + ' — ' + e.message;
  }
}

async function resetEvidence() {
  if (!selected) return;
  const id = selected;
  const reason = $('evidence-reason').value || 'evidence reset from the dashboard';
  await perform(id, () => api('POST', '/api/routes/' + encodeURIComponent(id) + '/evidence/reset', { reason }), (out) => id + ': shadow evidence reset (epoch ' + (out.epoch && out.epoch.id !== undefined ? out.epoch.id : 'new') + ', audited)');
  $('evidence-reason').value = '';
  diffsSeen = '';
  await loadDiffs();
}
`;

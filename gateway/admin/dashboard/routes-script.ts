// The dashboard's route table and audit log. Rollback is disabled where it would change nothing
// (the route already is where its guard rolls back to); the percent field shows a percent only for
// a canary, so a monolith route never shows the percent of the canary it was rolled back from.
export const routesScript = `
function describeRefusal(data) {
  const parts = (data.shortfalls || []).map((s) => s.metric === 'samples'
    ? 'samples ' + s.actual + ' < ' + s.required
    : s.metric === 'matchRate'
      ? 'match rate ' + (s.actual === null ? 'n/a' : Math.round(s.actual * 10000) / 10000) + ' < ' + s.required
      : s.metric === 'latencyRatio'
        ? 'p95 latency ratio service/monolith ' + (s.actual === null ? 'n/a' : Math.round(s.actual * 1000) / 1000) + ' > ' + s.required
        : 'version header flapping');
  return 'Refused by the promote guard (' + parts.join(', ') + '). Tick "force" to override; it is audited.';
}

const ROUTE_ACTIONS = {
  cutover: { method: 'PATCH', suffix: '' },
  rollback: { method: 'POST', suffix: '/rollback' },
  reset: { method: 'DELETE', suffix: '/state' },
};

async function act(route, label, body) {
  const { method, suffix } = ROUTE_ACTIONS[label];
  try {
    const out = await api(method, '/api/routes/' + encodeURIComponent(route.id) + suffix, body);
    show('ok', route.id + ': ' + label + ' → ' + modeText(out.state) + (out.changed ? '' : ' (no change)'));
  } catch (e) {
    if (e.message === 'unauthorized') return;
    show('error', route.id + ': ' + (e.status === 409 && e.data && e.data.shortfalls ? describeRefusal(e.data) : problemText(e)));
  }
  if (document.activeElement) document.activeElement.blur();
  await refresh();
}

function routeRow(r) {
  const total = r.requests.monolith + r.requests.service;
  const share = total ? r.requests.service / total : 0;
  const bar = el('span');
  bar.style.width = (share * 100).toFixed(1) + '%';
  const mode = el('select', { 'aria-label': 'mode for ' + r.id, 'data-field': 'mode' },
    ['monolith', 'shadow', 'canary', 'service'].map((m) => el('option', { value: m, selected: m === r.mode }, m)));
  const percent = el('input', { type: 'number', min: 0, max: 100, step: 'any', value: r.mode === 'canary' ? r.percent : '', placeholder: '%', 'aria-label': 'percent for ' + r.id, 'data-field': 'percent' });
  const force = el('input', { type: 'checkbox', 'aria-label': 'force for ' + r.id, 'data-field': 'force' });
  const reason = el('input', { type: 'text', placeholder: 'reason', 'aria-label': 'reason for ' + r.id, 'data-field': 'reason' });
  const errBad = r.errorRate !== null && r.errorRate > r.guard.rollback.maxErrorRate;
  const matchBad = r.shadow.matchRate !== null && r.shadow.matchRate < r.guard.promote.minMatchRate;
  const rollbackTo = r.guard.rollback.to || 'monolith';
  const atRollback = r.mode === rollbackTo || r.mode === 'monolith';
  return el('tr', { 'data-route': r.id },
    el('td', { 'data-label': 'route' }, el('strong', {}, r.id), el('div', { class: 'muted' }, r.match.path)),
    el('td', { 'data-label': 'service' }, r.service || '—'),
    el('td', { 'data-col': 'mode', 'data-label': 'mode' }, el('span', { class: 'mode mode-' + r.mode }, r.mode),
      r.source === 'runtime' ? el('div', { class: 'runtime', title: 'runtime change by ' + r.updatedBy + ' at ' + r.updatedAt }, 'runtime (file: ' + r.file.mode + ')') : null),
    el('td', { class: 'num', 'data-col': 'percent', 'data-label': 'percent' }, r.mode === 'canary' ? r.percent + '%' : '—'),
    el('td', { 'data-col': 'split', 'data-label': 'monolith / service' }, el('span', { class: 'split', title: r.requests.service + ' service / ' + r.requests.monolith + ' monolith' }, bar),
      ' ' + r.requests.monolith + ' / ' + r.requests.service),
    el('td', { class: 'num' + (errBad ? ' bad' : ''), 'data-col': 'errorRate', 'data-label': 'errors', title: r.window.failures + ' of ' + r.window.requests + ' service requests failed in ' + r.window.seconds + 's' }, pct(r.errorRate)),
    el('td', { class: 'num' + (matchBad ? ' bad' : ''), 'data-col': 'matchRate', 'data-label': 'shadow match' }, pct(r.shadow.matchRate), el('div', { class: 'muted' }, r.shadow.compared + ' samples')),
    el('td', { 'data-col': 'actions' }, el('div', { class: 'actions' }, mode, percent, el('label', {}, force, 'force'), reason,
      el('button', { onclick: () => act(r, 'cutover', Object.assign({ mode: mode.value, percent: percent.value === '' ? (mode.value === 'canary' ? NaN : 0) : Number(percent.value), force: force.checked }, reason.value ? { reason: reason.value } : {})) }, 'Apply'),
      el('button', { disabled: atRollback, title: atRollback ? 'already on the ' + r.mode + ': nothing to roll back' : 'back to ' + rollbackTo, onclick: () => act(r, 'rollback', { reason: reason.value || 'rollback from the dashboard' }) }, 'Rollback'),
      r.source === 'runtime' ? el('button', { title: 'drop the runtime state: back to the config file', onclick: () => act(r, 'reset', { reason: reason.value || 'reset from the dashboard' }) }, 'Reset') : null,
      el('button', { onclick: () => openDiffs(r.id) }, 'Diffs'))));
}

function eventRow(e) {
  return el('tr', {},
    el('td', {}, new Date(e.at).toLocaleString()),
    el('td', {}, e.routeId),
    el('td', {}, e.action + (e.forced ? ' (forced)' : '')),
    el('td', {}, modeText(e.from) + ' → ' + modeText(e.to)),
    el('td', {}, e.who),
    el('td', {}, e.why));
}
`;

// The dashboard's ramps: each route's ramp with its steps (the current one marked), status, the
// hold left, and pause / resume / abort where the ramp's status allows it.
export const rampsScript = `
const RAMP_ACTIONS = { pause: ['running'], resume: ['paused'], abort: ['running', 'paused'] };

function rampRow(r) {
  const buttons = Object.keys(RAMP_ACTIONS).filter((a) => RAMP_ACTIONS[a].includes(r.status)).map((a) =>
    el('button', { 'data-action': a, onclick: () => perform(r.routeId, () => api('POST', '/api/routes/' + encodeURIComponent(r.routeId) + '/ramp/' + a, { reason: 'from the dashboard' }),
      (out) => r.routeId + ': ramp ' + out.ramp.status + ' at ' + out.ramp.percent + '%') }, a[0].toUpperCase() + a.slice(1)));
  return el('tr', { 'data-ramp': r.routeId },
    el('td', {}, el('strong', {}, r.routeId)),
    el('td', { class: 'steps' }, r.steps.map((s, i) => el('span', { class: i === r.stepIndex ? 'now' : '' }, s + '%'))),
    el('td', { 'data-col': 'status' }, r.status, r.why ? el('div', { class: 'muted' }, r.why) : null),
    el('td', { class: 'num' }, r.holdRemainingS === null ? '—' : r.holdRemainingS + ' s of ' + r.holdS + ' s'),
    el('td', {}, r.updatedBy),
    el('td', {}, el('div', { class: 'actions' }, buttons)));
}

function drawRamps(ramps) {
  $('ramps-body').replaceChildren(...(ramps.length ? ramps.map(rampRow) : [el('tr', {}, el('td', { colspan: 6, class: 'muted' }, 'No ramps. Start one with ficus cutover <route> --ramp or POST /api/routes/:id/ramp.'))]));
}
`;

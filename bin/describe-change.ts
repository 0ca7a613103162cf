// One line saying what a cutover, rollback or reset did; shared by the verbs that change a route.
import type { ChangeOutcome } from '../gateway/admin/route-control.js';

/** `canary 10%`, `service`, … */
export function where(s: { mode: string; percent: number }): string {
  return s.mode === 'canary' ? `canary ${s.percent}%` : s.mode;
}

/** `catalog-products: monolith → canary 10% (forced)` or `catalog-products: already canary 10%`. */
export function describeChange(o: ChangeOutcome): string {
  if (!o.changed || !o.event) return `${o.routeId}: already ${where(o.state)} (${o.state.source}); nothing changed`;
  const e = o.event;
  return `${o.routeId}: ${where(e.from)} → ${where(e.to)}${e.forced ? ' (forced)' : ''} by ${e.who}: ${e.why}`;
}

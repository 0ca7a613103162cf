// Cross-field rules the schema cannot express. They read the raw (pre-schema) input defensively so
// that they still report when an unrelated field broke the schema: every problem at once.
import { isLoopbackHost } from '../../common/loopback-host.js';
import type { ConfigProblem } from '../errors.js';
import { compilePattern } from '../../common/compile-pattern.js';

type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Unique route ids, known services, valid path patterns, sticky only where a canary can happen, admin token off loopback. */
export function checkRules(raw: unknown): ConfigProblem[] {
  if (!isObject(raw)) return [];
  const problems: ConfigProblem[] = [];
  const services = isObject(raw.services) ? raw.services : {};
  const routes = Array.isArray(raw.routes) ? raw.routes : [];
  const seen = new Map<string, number>();
  routes.forEach((route: unknown, i) => {
    if (!isObject(route)) return;
    const at = `routes[${i}]`;
    if (typeof route.id === 'string') {
      const first = seen.get(route.id);
      if (first !== undefined) problems.push({ path: `${at}.id`, message: `duplicate route id "${route.id}" (first used by routes[${first}])` });
      else seen.set(route.id, i);
    }
    const mode = typeof route.mode === 'string' ? route.mode : 'monolith';
    if (typeof route.service === 'string') {
      if (!Object.hasOwn(services, route.service)) {
        problems.push({ path: `${at}.service`, message: `service "${route.service}" is not defined in services` });
      }
    } else if (mode !== 'monolith') {
      problems.push({ path: `${at}.service`, message: `mode "${mode}" needs a service` });
    }
    // sticky decides canary membership; a route without a service can never be canaried.
    if (route.sticky !== undefined && route.service === undefined) {
      problems.push({ path: `${at}.sticky`, message: 'sticky only applies to canary routes, and this route has no service' });
    }
    const match = isObject(route.match) ? route.match : undefined;
    if (match && typeof match.path === 'string' && match.path.startsWith('/')) {
      try {
        compilePattern(match.path);
      } catch (err) {
        problems.push({ path: `${at}.match.path`, message: (err as Error).message });
      }
    }
  });
  const admin = isObject(raw.admin) ? raw.admin : {};
  const host = typeof admin.host === 'string' ? admin.host : '127.0.0.1';
  const hasToken = typeof admin.token === 'string' || (Array.isArray(admin.tokens) && admin.tokens.length > 0);
  if (!isLoopbackHost(host) && !hasToken) {
    problems.push({ path: 'admin.token', message: `the admin API listens on ${host}, off loopback: set admin.token or admin.tokens` });
  }
  return problems;
}

// Routes that can never match: routes are tried in file order and the first match wins, so a route
// is dead when an earlier one takes every request it could get (a `GET /*` SPA fallback listed before
// the API). Found with the real matcher: every sample path the later pattern accepts must be accepted
// by the earlier one, for every method the later route serves.
import { parse, type Token } from 'path-to-regexp';
import type { ConfigProblem } from '../errors.js';
import { compilePattern } from '../../common/compile-pattern.js';

interface RouteShape {
  id: string;
  match: { methods?: readonly string[]; path: string };
}

const SAMPLE_PARAM = 'ficus-sample';
const MAX_SAMPLES = 32;

/** One warning per route an earlier route shadows: `{ path: 'routes[5]', message: '… routes[2] (spa) …' }`. */
export function findShadowedRoutes(routes: readonly RouteShape[]): ConfigProblem[] {
  const compiled = routes.map((r) => ({ route: r, matcher: safeCompile(r.match.path), samples: samplePaths(r.match.path) }));
  const warnings: ConfigProblem[] = [];
  compiled.forEach((later, i) => {
    if (!later.samples) return;
    for (let j = 0; j < i; j++) {
      const earlier = compiled[j];
      if (!earlier.matcher || !coversMethods(earlier.route.match.methods, later.route.match.methods)) continue;
      if (later.samples.every((p) => earlier.matcher!.test(p))) {
        const methods = later.route.match.methods?.join(',') ?? 'any method';
        warnings.push({
          path: `routes[${i}]`,
          message: `route "${later.route.id}" (${methods} ${later.route.match.path}) can never match: routes[${j}] "${earlier.route.id}" (${earlier.route.match.path}) takes every request it would get; move it after`,
        });
        return;
      }
    }
  });
  return warnings;
}

function safeCompile(pattern: string): ReturnType<typeof compilePattern> | undefined {
  try {
    return compilePattern(pattern);
  } catch {
    return undefined; // an invalid pattern is already a config problem of its own
  }
}

/** Methods absent means every method; a GET route also serves HEAD. */
function coversMethods(earlier: readonly string[] | undefined, later: readonly string[] | undefined): boolean {
  if (!earlier) return true;
  if (!later) return false;
  const served = new Set(earlier);
  if (served.has('GET')) served.add('HEAD');
  return later.every((m) => served.has(m));
}

/** Concrete paths the pattern accepts: each parameter a sample value, each wildcard one and two segments, each optional group in and out. */
function samplePaths(pattern: string): string[] | undefined {
  if (pattern === '/*') return ['/', `/${SAMPLE_PARAM}`, `/${SAMPLE_PARAM}/${SAMPLE_PARAM}`];
  const prefixForm = pattern.endsWith('/*');
  const source = prefixForm ? pattern.slice(0, -2) : pattern;
  let tokens: Token[];
  try {
    tokens = parse(source).tokens;
  } catch {
    return undefined;
  }
  const paths = expand(tokens).slice(0, MAX_SAMPLES).map((p) => p || '/');
  return prefixForm ? paths.flatMap((p) => [p, `${p.replace(/\/$/, '')}/${SAMPLE_PARAM}/${SAMPLE_PARAM}`]) : paths;
}

function expand(tokens: readonly Token[]): string[] {
  let out = [''];
  for (const t of tokens) {
    const options =
      t.type === 'text' ? [t.value] : t.type === 'param' ? [SAMPLE_PARAM] : t.type === 'wildcard' ? [SAMPLE_PARAM, `${SAMPLE_PARAM}/${SAMPLE_PARAM}`] : ['', ...expand(t.tokens)];
    out = out.flatMap((p) => options.map((o) => p + o)).slice(0, MAX_SAMPLES);
  }
  return out;
}

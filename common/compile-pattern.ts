// Route path patterns, the grammar of a route's `match.path` (config validates it, routing matches with it): express-style (path-to-regexp v8: `/api/products/:id`, `{/:opt}`, `/*rest`)
// plus a trailing `/*` prefix form (`/api/products/*` matches `/api/products` and everything below).
// Case-insensitive with an optional trailing slash, like express's router.
import { pathToRegexp } from 'path-to-regexp';

export interface PathMatcher {
  // The pattern's literal start, lower-cased: a path whose lower-cased form does not start with it
  // cannot match, so a table of many routes skips most regexps with one string comparison each.
  prefix: string;
  test(path: string): boolean;
}

// Where a pattern's literal text ends: a parameter, wildcard, group or escape (path-to-regexp v8 syntax).
const SPECIAL = /[:*{}()[\]?+!\\]/;

/** Compiles a route pattern into a matcher over normalised paths; throws on an invalid pattern. */
export function compilePattern(pattern: string): PathMatcher {
  if (pattern === '/*') return { prefix: '/', test: () => true };
  const source = pattern.endsWith('/*') ? `${pattern.slice(0, -2)}{/*rest}` : pattern;
  let regexp: RegExp;
  try {
    regexp = pathToRegexp(source).regexp;
  } catch (err) {
    const detail = (err as Error).message.split(';')[0];
    throw new Error(`invalid path pattern "${pattern}": ${detail}`, { cause: err });
  }
  const special = source.search(SPECIAL);
  return { prefix: (special < 0 ? source : source.slice(0, special)).toLowerCase(), test: (path) => regexp.test(path) };
}

// Route path patterns: express-style (path-to-regexp v8: `/api/products/:id`, `{/:opt}`, `/*rest`)
// plus a trailing `/*` prefix form (`/api/products/*` matches `/api/products` and everything below).
// Case-insensitive with an optional trailing slash, like express's router.
import { pathToRegexp } from 'path-to-regexp';

export type PathMatcher = (path: string) => boolean;

/** Compiles a route pattern into a matcher over normalised paths; throws on an invalid pattern. */
export function compilePattern(pattern: string): PathMatcher {
  if (pattern === '/*') return () => true;
  const source = pattern.endsWith('/*') ? `${pattern.slice(0, -2)}{/*rest}` : pattern;
  let regexp: RegExp;
  try {
    regexp = pathToRegexp(source).regexp;
  } catch (err) {
    const detail = (err as Error).message.split(';')[0];
    throw new Error(`invalid path pattern "${pattern}": ${detail}`, { cause: err });
  }
  return (path) => regexp.test(path);
}

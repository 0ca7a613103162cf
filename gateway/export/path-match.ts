// A ficus route pattern as the path matches a proxy understands. ficus matches express-style
// patterns (path-to-regexp 8) with an optional trailing slash; a literal path becomes exact
// matches (with and without the slash), the `/x/*` prefix form a path-prefix match, and anything
// with parameters, groups or wildcards a regular expression in RE2 syntax (Envoy's and Istio's).
import { parse, type Token } from 'path-to-regexp';

export type PathMatch = { type: 'exact'; value: string } | { type: 'prefix'; value: string } | { type: 'regex'; value: string };

/** `/api/products/:id` → `[{ type: 'regex', value: '/api/products/[^/]+/?' }]`. The regex is matched whole. */
export function toPathMatches(pattern: string): PathMatch[] {
  if (pattern === '/*' || pattern === '/') return pattern === '/' ? [{ type: 'exact', value: '/' }] : [{ type: 'prefix', value: '/' }];
  const prefixForm = pattern.endsWith('/*');
  const body = prefixForm ? pattern.slice(0, -2) : pattern;
  const tokens = parse(body).tokens;
  const literal = tokens.every((t) => t.type === 'text');
  if (literal) {
    const path = tokens.map((t) => (t as { value: string }).value).join('');
    const bare = path.length > 1 ? path.replace(/\/+$/, '') : path;
    if (prefixForm) return [{ type: 'prefix', value: bare || '/' }];
    return bare === '/' ? [{ type: 'exact', value: '/' }] : [{ type: 'exact', value: bare }, { type: 'exact', value: `${bare}/` }];
  }
  const regex = tokens.map(toRegex).join('');
  return [{ type: 'regex', value: prefixForm ? `${regex}(?:/.*)?` : `${regex}/?` }];
}

function toRegex(token: Token): string {
  switch (token.type) {
    case 'text':
      return escapeRe2(token.value);
    case 'param':
      return '[^/]+';
    case 'wildcard':
      return '.+';
    case 'group':
      return `(?:${token.tokens.map(toRegex).join('')})?`;
  }
}

function escapeRe2(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

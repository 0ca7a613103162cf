// Path patterns for `ignore` and `redact` rules: `$.generatedAt`, `$.items[*].updatedAt`,
// `$.*.id`, `$..token` (any depth), `$["odd key"]`, `$.items[0]`. A pattern that matches a path
// also covers everything beneath it, so `$.meta` ignores `$.meta.requestId`.
import { CompareError } from './errors.js';
import type { PathSegment } from './json-path.js';

type Token = { kind: 'key'; name: string } | { kind: 'index'; index: number } | { kind: 'any' } | { kind: 'descend' };

/** A compiled set of path patterns; `matches(segments)` is true when any pattern matches exactly those segments. */
export interface PathPatterns {
  readonly size: number;
  matches(segments: readonly PathSegment[]): boolean;
}

/** Compiles patterns once per route config; throws FICUS_COMPARE_BAD_PATH naming the bad pattern. */
export function compilePathPatterns(patterns: readonly string[]): PathPatterns {
  const compiled = patterns.map((p) => parsePattern(p));
  return {
    size: compiled.length,
    matches: (segments) => compiled.some((tokens) => matchTokens(tokens, 0, segments, 0)),
  };
}

/** What is wrong with a pattern, or undefined when it is valid (for config validation). */
export function checkPathPattern(pattern: string): string | undefined {
  try {
    parsePattern(pattern);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

function parsePattern(pattern: string): Token[] {
  const bad = (why: string): never => {
    throw new CompareError('FICUS_COMPARE_BAD_PATH', `bad path pattern "${pattern}": ${why}`);
  };
  if (!pattern.startsWith('$')) bad('must start with $');
  const tokens: Token[] = [];
  let i = 1;
  while (i < pattern.length) {
    if (pattern.startsWith('..', i)) {
      tokens.push({ kind: 'descend' });
      i += 2;
      i = readName(pattern, i, tokens, bad);
    } else if (pattern[i] === '.') {
      i = readName(pattern, i + 1, tokens, bad);
    } else if (pattern[i] === '[') {
      const end = pattern[i + 1] === '"' ? findQuoteEnd(pattern, i + 1) + 1 : pattern.indexOf(']', i);
      if (end <= i || pattern[end] !== ']') bad(`unclosed [ at ${i}`);
      const inner = pattern.slice(i + 1, end);
      if (inner === '*') tokens.push({ kind: 'any' });
      else if (/^\d+$/.test(inner)) tokens.push({ kind: 'index', index: Number(inner) });
      else if (inner.startsWith('"')) tokens.push({ kind: 'key', name: JSON.parse(inner) as string });
      else bad(`"[${inner}]" is neither [*], [n] nor ["key"]`);
      i = end + 1;
    } else {
      bad(`unexpected "${pattern[i]}" at ${i}`);
    }
  }
  if (tokens.at(-1)?.kind === 'descend') bad('ends with ..');
  return tokens;
}

function readName(pattern: string, start: number, tokens: Token[], bad: (why: string) => never): number {
  if (pattern[start] === '[') return start; // `$..[*]` / `$..["k"]`: the bracket is read next
  let end = start;
  while (end < pattern.length && pattern[end] !== '.' && pattern[end] !== '[') end++;
  const name = pattern.slice(start, end);
  if (!name) bad(`empty name at ${start}`);
  tokens.push(name === '*' ? { kind: 'any' } : { kind: 'key', name });
  return end;
}

function findQuoteEnd(pattern: string, openQuote: number): number {
  for (let i = openQuote + 1; i < pattern.length; i++) {
    if (pattern[i] === '\\') i++;
    else if (pattern[i] === '"') return i;
  }
  return -1;
}

function matchTokens(tokens: Token[], t: number, segs: readonly PathSegment[], s: number): boolean {
  if (t === tokens.length) return s === segs.length;
  const tok = tokens[t];
  if (tok.kind === 'descend') {
    for (let k = s; k < segs.length; k++) if (matchTokens(tokens, t + 1, segs, k)) return true;
    return false;
  }
  if (s === segs.length) return false;
  const seg = segs[s];
  const ok =
    tok.kind === 'any' ||
    (tok.kind === 'key' && seg === tok.name) ||
    (tok.kind === 'index' && seg === tok.index);
  return ok && matchTokens(tokens, t + 1, segs, s + 1);
}

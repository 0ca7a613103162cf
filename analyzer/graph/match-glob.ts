// Path globs for config rules (`src/legacy/**`, `src/*/db.ts`, `src/[ab]/x.ts`, `src/{a,b}/**`), by picomatch.
import picomatch from 'picomatch';

/** Compiles a glob to a predicate; a pattern without glob syntax also matches everything below it as a folder. */
export function compileGlob(pattern: string): (path: string) => boolean {
  const clean = pattern.replace(/^\.\//, '').replace(/\/+$/, '');
  if (!picomatch.scan(clean).isGlob) return (p) => p === clean || p.startsWith(`${clean}/`);
  const isMatch = picomatch(clean, { dot: true });
  return (p) => isMatch(p);
}

// Minimal path globs for config rules (`src/legacy/**`, `src/*/db.ts`): no dependency needed for this.

/** Compiles a glob to a predicate; a pattern without wildcards also matches everything below it as a folder. */
export function compileGlob(pattern: string): (path: string) => boolean {
  const clean = pattern.replace(/^\.\//, '').replace(/\/+$/, '');
  if (!/[*?[]/.test(clean)) return (p) => p === clean || p.startsWith(`${clean}/`);
  let source = '';
  for (let i = 0; i < clean.length; i++) {
    const ch = clean[i];
    if (ch === '*' && clean[i + 1] === '*') {
      // `**/` matches zero or more folders; a trailing `**` matches anything
      const slash = clean[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else source += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  const re = new RegExp(`^${source}$`);
  return (p) => re.test(p);
}

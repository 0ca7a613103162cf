/** Joins mount prefixes and a route path the way express matches them: `/api` + `/` → `/api`. */
export function joinRoutePath(...parts: string[]): string {
  const joined = parts
    .map((p) => p.trim())
    .filter((p) => p && p !== '/')
    .map((p) => `/${p.replace(/^\/+|\/+$/g, '')}`)
    .join('');
  return joined.replace(/\/{2,}/g, '/') || '/';
}

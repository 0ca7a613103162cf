/** The path an upstream reads: its base path (`http://svc/v2` → `/v2`) then the request's path and query. */
export function upstreamPath(target: URL, url: string): string {
  return target.pathname === '/' ? url : `${target.pathname.replace(/\/$/, '')}${url}`;
}

// The gateway's admin API as a test calls it: status and JSON body, bearer token included.
import type { RouteDiffs } from '../../../gateway/admin/shadow-evidence.js';

export interface AdminApi {
  call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** Reads a route's diffs until `done` holds (shadow work and its writer are asynchronous by design). */
  waitForDiffs(routeId: string, done: (d: RouteDiffs) => boolean, timeoutMs?: number): Promise<RouteDiffs>;
}

export function createAdminApi(adminPort: number, token: string): AdminApi {
  const call: AdminApi['call'] = async (method, path, body) => {
    const res = await fetch(`http://127.0.0.1:${adminPort}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: await res.json() };
  };
  return {
    call,
    async waitForDiffs(routeId, done, timeoutMs = 20_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const { body } = await call<RouteDiffs>('GET', `/api/routes/${routeId}/diffs`);
        if (done(body)) return body;
        if (Date.now() > end) throw new Error(`diffs of ${routeId} not complete in time: ${JSON.stringify(body).slice(0, 400)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}

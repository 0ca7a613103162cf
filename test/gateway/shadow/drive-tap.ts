// Drives a tap the way the data plane does (request body as streamed, primary head and body
// chunks, onComplete after the client's response ended) over a real HTTP exchange with the monolith.
import http from 'node:http';
import type { GatewayConfig } from '../../../gateway/config/schema.js';
import type { GatewayHooks } from '../../../gateway/hooks.js';
import { stripHopByHop } from '../../../gateway/proxy/hop-by-hop.js';

export interface DrivenRequest {
  method?: string;
  url: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

let n = 0;

/** Proxies one request to the monolith while feeding `hooks`' tap; resolves with the primary answer. */
export function driveExchange(hooks: GatewayHooks, config: GatewayConfig, routeId: string, r: DrivenRequest): Promise<{ status: number; body: string }> {
  const method = r.method ?? 'GET';
  const body = r.body === undefined ? Buffer.alloc(0) : Buffer.from(r.body);
  const headers: http.IncomingHttpHeaders = { host: 'shop.test', ...(body.length ? { 'content-length': String(body.length) } : {}), ...r.headers };
  const route = config.routes.find((x) => x.id === routeId) ?? null;
  const tap = hooks.tapExchange?.({
    requestId: `req-${++n}`,
    routeId,
    route,
    method,
    url: r.url,
    headers,
    upstreamHeaders: stripHopByHop(headers), // the data plane also adds x-forwarded-*, via and x-request-id (forward-headers.ts)
    backend: 'monolith',
    serviceName: null,
    reason: 'shadow',
    startedAt: Date.now(),
  });
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const target = new URL(config.monolith.url);
    const req = http.request({ hostname: target.hostname, port: target.port, method, path: r.url, headers }, (res) => {
      tap?.onResponse?.(res.statusCode ?? 0, res.headers);
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => {
        chunks.push(c);
        tap?.onResponseChunk?.(c);
      });
      res.on('end', () => {
        tap?.onComplete?.({ outcome: 'ok', status: res.statusCode ?? 0, durationMs: Date.now() - started, backend: 'monolith', fellBack: false });
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() });
      });
    });
    req.on('error', reject);
    if (body.length) tap?.onRequestChunk?.(body);
    tap?.onRequestEnd?.();
    req.end(body);
  });
}

// One http-proxy-3 ProxyServer per upstream, with its target and keep-alive agent fixed at creation,
// so proxy.web takes no per-request options: http-proxy-3 merges those as `{ ...options, ...perCall }`,
// which on node 20 takes a slow path (~4 µs) whenever both sides have properties. The request's
// path is ready when it gets here (normalised, with the upstream's base path in front: see
// `upstreamPath`), so `toProxy` and `prependPath: false` spare http-proxy two URL parses a request.
import { ProxyServer } from 'http-proxy-3';
import { deleteLength } from './body-framing.js';
import type { UpstreamPool } from '../upstream/upstream-pool.js';

type WebPass = (...args: never[]) => unknown;

export interface WebProxies {
  proxyFor(url: string): ProxyServer; // for proxy.web(req, res, cb); responses are self-handled
}

/** Creates the pool over `upstreams` (targets and agents); `init` adds the gateway's listeners to each new proxy. */
export function createWebProxies(upstreams: UpstreamPool, init: (proxy: ProxyServer) => void): WebProxies {
  const byUrl = new Map<string, ProxyServer>();
  return {
    proxyFor(url) {
      let proxy = byUrl.get(url);
      if (!proxy) {
        const { target, agent } = upstreams.upstreamFor(url);
        proxy = new ProxyServer({ target, agent, selfHandleResponse: true, toProxy: true, prependPath: false });
        replaceDeleteLength(proxy);
        init(proxy);
        byUrl.set(url, proxy);
      }
      return proxy;
    },
  };
}

// http-proxy's own `deleteLength` sets `content-length: 0` and drops `transfer-encoding` on every
// DELETE/OPTIONS without a length, so a chunked body would follow unframed (see body-framing.ts).
// The pass list is not public API; a missing pass throws here rather than passing silently.
function replaceDeleteLength(proxy: ProxyServer): void {
  const passes = (proxy as unknown as { webPasses: WebPass[] }).webPasses;
  const at = passes.findIndex((pass) => pass.name === 'deleteLength');
  if (at < 0) throw new Error('http-proxy-3 has no deleteLength pass: re-check request framing');
  passes[at] = deleteLength as WebPass;
}

// One http-proxy-3 ProxyServer per upstream, with its target and keep-alive agent fixed at creation,
// so proxy.web takes no per-request options: http-proxy-3 merges those as `{ ...options, ...perCall }`,
// which on node 20 takes a slow path (~4 µs) whenever both sides have properties.
import { ProxyServer } from 'http-proxy-3';
import type { UpstreamPool } from './upstream-pool.js';

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
        proxy = new ProxyServer({ target, agent, selfHandleResponse: true });
        init(proxy);
        byUrl.set(url, proxy);
      }
      return proxy;
    },
  };
}

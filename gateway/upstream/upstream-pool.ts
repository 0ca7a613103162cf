// One keep-alive agent per upstream origin, reused across reloads while the origin stays configured.
// Without an agent http-proxy sends `connection: close` upstream and opens a socket per request.
import http from 'node:http';
import https from 'node:https';

export interface Upstream {
  target: URL; // parsed once: http-proxy would otherwise parse a string target per request
  agent: http.Agent;
}

export interface UpstreamPool {
  upstreamFor(url: string): Upstream;
  destroy(): void;
}

/** Creates the pool; `maxSockets` bounds concurrent connections to each upstream. */
export function createUpstreamPool(options: { maxSockets?: number } = {}): UpstreamPool {
  const byUrl = new Map<string, Upstream>();
  const agents = new Map<string, http.Agent>();
  const settings = { keepAlive: true, maxSockets: options.maxSockets ?? 512, maxFreeSockets: 256, scheduling: 'lifo' as const };
  return {
    upstreamFor(url) {
      let upstream = byUrl.get(url);
      if (upstream) return upstream;
      const target = new URL(url);
      let agent = agents.get(target.origin);
      if (!agent) {
        agent = target.protocol === 'https:' ? new https.Agent(settings) : new http.Agent(settings);
        agents.set(target.origin, agent);
      }
      upstream = { target, agent };
      byUrl.set(url, upstream);
      return upstream;
    },
    destroy() {
      for (const agent of agents.values()) agent.destroy();
      agents.clear();
      byUrl.clear();
    },
  };
}

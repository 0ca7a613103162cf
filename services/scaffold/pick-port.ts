// The default port of a new service: the first one from 4001 up that is free on loopback now and that no
// sibling service's gateway snippet already uses, so two generated services never share a default.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** Ports named in `<dir>/<sibling>/gateway.snippet.yaml` files (`url: http://host:PORT`). */
export function portsOfSiblings(parentDir: string): Set<number> {
  const ports = new Set<number>();
  if (!existsSync(parentDir)) return ports;
  for (const entry of readdirSync(parentDir, { withFileTypes: true })) {
    const snippet = path.join(parentDir, entry.name, 'gateway.snippet.yaml');
    if (!entry.isDirectory() || !existsSync(snippet)) continue;
    for (const m of readFileSync(snippet, 'utf8').matchAll(/url:\s*https?:\/\/[^\s:/]+:(\d+)/g)) ports.add(Number(m[1]));
  }
  return ports;
}

/** The first port from `from` that is not in `taken` and can be bound on 127.0.0.1. */
export async function pickFreePort(taken: Set<number>, from = 4001): Promise<number> {
  for (let port = from; port < from + 1000; port++) {
    if (!taken.has(port) && (await canBind(port))) return port;
  }
  return from;
}

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

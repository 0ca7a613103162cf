// nginx as a peer, configured as BENCHMARKING.md says: one worker, HTTP/1.1 upstream keep-alive.
// Installed with apt-get by the bench when missing (never by CI). Prints nothing; returns its port.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hasCommand } from './measure.js';

/** Makes sure nginx is installed; false when it cannot be (the nginx row is then skipped). */
export function ensureNginx(): boolean {
  if (hasCommand('nginx') || hasCommand('/usr/sbin/nginx')) return true;
  try {
    console.log('bench: installing nginx with apt-get (bench only, never CI)');
    execFileSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light'], { stdio: 'inherit' });
    return true;
  } catch {
    return false;
  }
}

export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as net.AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

/** Writes an nginx config proxying 127.0.0.1:<port> → the upstream with `workers` worker processes; returns the nginx argv. */
export function nginxArgs(listenPort: number, upstreamPort: number, workers = 1): string[] {
  const prefix = mkdtempSync(path.join(tmpdir(), 'ficus-bench-nginx-'));
  mkdirSync(path.join(prefix, 'logs'));
  const conf = path.join(prefix, 'nginx.conf');
  writeFileSync(
    conf,
    `worker_processes ${workers};
daemon off;
pid ${prefix}/nginx.pid;
error_log ${prefix}/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${prefix}/body; proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fcgi; uwsgi_temp_path ${prefix}/uwsgi; scgi_temp_path ${prefix}/scgi;
  upstream app { server 127.0.0.1:${upstreamPort}; keepalive 64; }
  server {
    listen 127.0.0.1:${listenPort};
    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
`,
  );
  return ['-p', prefix, '-c', conf];
}

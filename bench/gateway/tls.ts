// TLS bench (`npx tsx bench/gateway/tls.ts`): does serving HTTP/2 (http2.createSecureServer with
// allowHTTP1) cost HTTP/1.1 clients anything against node's https server? Both answer ~1 KB of
// JSON themselves, pinned like the other benches; wrk (HTTP/1.1 over TLS, keep-alive) -t1 -c32,
// rounds interleaved, medians of per-round ratios. The certificate is made with openssl for the run.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { here, median, saturate, spawnJson, type Saturated } from './measure.js';

const { values: args } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, seconds: { type: 'string', default: '4' } } });
const ROUNDS = Math.min(5, Math.max(1, Number(args.rounds)));
const SECONDS = Number(args.seconds);

const dir = mkdtempSync(path.join(tmpdir(), 'ficus-bench-tls-'));
const cert = path.join(dir, 'cert.pem');
const key = path.join(dir, 'key.pem');
execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-keyout', key, '-out', cert], { stdio: 'ignore' });

const targets = new Map<string, { url: string; pid?: number }>();
for (const kind of ['https', 'http2'] as const) {
  const { child, info } = await spawnJson<{ port: number }>(1, process.execPath, [path.join(here, 'tls-server.mjs'), kind, cert, key]);
  targets.set(kind === 'https' ? 'https (HTTP/1.1 only)' : 'http2 + allowHTTP1', { url: `https://127.0.0.1:${info.port}/`, pid: child.pid });
}
const names = [...targets.keys()];
for (const n of names) await saturate(targets.get(n)!.url, 2, targets.get(n)!.pid);
const runs = new Map<string, Saturated[]>(names.map((n) => [n, []]));
for (let round = 0; round < ROUNDS; round++) {
  const order = names.map((_, i) => names[(i + round) % names.length]!);
  for (const n of order) runs.get(n)!.push(await saturate(targets.get(n)!.url, SECONDS, targets.get(n)!.pid));
}
const base = names[0]!;
console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${ROUNDS} rounds × ${SECONDS}s, HTTP/1.1 clients (wrk -t1 -c32 over TLS)`);
console.log('| server | req/s (median) | × https | CPU µs/req |');
console.log('|---|---:|---:|---:|');
for (const n of names) {
  const s = runs.get(n)!;
  const ratio = median(s.map((x, i) => x.rps / runs.get(base)![i]!.rps));
  console.log(`| ${n} | ${Math.round(median(s.map((x) => x.rps)))} | ${ratio.toFixed(2)} | ${median(s.map((x) => x.cpuUsPerReq)).toFixed(0)} |`);
}
process.exit(0);

// Data-plane bench (`npm run bench:gateway`): direct upstream, nginx, the bare undici floor, the bare
// http-proxy-3 floor, and ficus with 50 routes in monolith, canary 50 and service mode, plus ficus
// monolith with a traffic-inspector watcher attached. Every target runs in its own process; figures
// are measured in interleaved rounds (order rotated each round) and quoted as medians of per-round
// ratios, because on a shared 2-core machine only same-run ratios mean anything.
//
//   npm run bench:gateway -- [--rounds 3] [--seconds 5] [--rate 1000]
//   FICUS_BENCH_SOAK_S=300 npm run bench:gateway     # adds a bounded soak (≤ 300 s) reporting RSS growth
//   FICUS_BENCH_WORKERS=2 npm run bench:gateway      # adds nginx and ficus with that many workers (listen.workers)
//   FICUS_BENCH_FEATURED_FLOOR=1 npm run bench:gateway   # adds the http-proxy-3 floor with headers and an access log
//   FICUS_BENCH_HTTP_PROXY=/path/to/node_modules/http-proxy npm run bench:gateway   # adds the original http-proxy
//
// A scenario is a name and a start function; add rows by adding scenarios (see SCENARIOS).
import { spawn } from 'node:child_process';
import net from 'node:net';
import { loadavg } from 'node:os';
import { benchOptions, measureRounds, median, PIN, pinned, soakRss, spawnScript, type Saturated } from './measure.js';
import { BENCH_PATH, ficusConfig, startBareProxy, startBareUndici, startFicus, watchTraffic, type Target, type Upstreams } from './ficus-targets.js';
import { ensureNginx, freePort, nginxArgs } from './nginx.js';

const { rounds: ROUNDS, seconds: SECONDS, rate: RATE, soakS: SOAK_S } = benchOptions();
const WORKERS = Math.max(1, Number(process.env.FICUS_BENCH_WORKERS ?? 1));
const NGINX = ensureNginx();

export interface Scenario {
  name: string;
  start(up: Upstreams): Promise<Target>;
}

async function startNginx(up: Upstreams, workers: number): Promise<Target> {
  const port = await freePort();
  const [cmd, argv] = pinned(1, 'nginx', nginxArgs(port, up.monolith, workers));
  const child = spawn(cmd, argv, { stdio: ['ignore', 'ignore', 'inherit'] });
  process.on('exit', () => child.kill('SIGTERM')); // the master stops its workers; SIGKILL would orphan them
  await waitForPort(port);
  return { url: `http://127.0.0.1:${port}${BENCH_PATH}`, pid: child.pid };
}

export const SCENARIOS: Scenario[] = [
  { name: 'direct', start: async (up) => ({ url: `http://127.0.0.1:${up.monolith}${BENCH_PATH}` }) },
  ...(NGINX ? [{ name: 'nginx', start: (up: Upstreams) => startNginx(up, 1) }] : []),
  { name: 'bare undici', start: (up) => startBareUndici(up) },
  { name: 'bare http-proxy-3', start: (up) => startBareProxy('http-proxy-3', up) },
  ...(process.env.FICUS_BENCH_FEATURED_FLOOR ? [{ name: 'http-proxy-3 + headers + access log', start: (up: Upstreams) => startBareProxy('http-proxy-3', up, [], true) }] : []),
  ...(process.env.FICUS_BENCH_HTTP_PROXY ? [{ name: 'bare http-proxy 1.18', start: (up: Upstreams) => startBareProxy(process.env.FICUS_BENCH_HTTP_PROXY!, up) }] : []),
  { name: 'ficus monolith', start: (up) => startFicus(ficusConfig(up, 'monolith')) },
  { name: 'ficus canary 50', start: (up) => startFicus(ficusConfig(up, 'canary')) },
  { name: 'ficus service', start: (up) => startFicus(ficusConfig(up, 'service')) },
  {
    name: 'ficus monolith + inspector watcher',
    start: async (up) => {
      const target = await startFicus(ficusConfig(up, 'monolith'));
      watchTraffic(target); // an SSE client on /api/traffic/stream: every exchange is serialised for it
      return target;
    },
  },
  // Several data-plane processes on one port (listen.workers) against nginx with as many workers.
  ...(WORKERS > 1
    ? [
        ...(NGINX ? [{ name: `nginx ${WORKERS} workers`, start: (up: Upstreams) => startNginx(up, WORKERS) }] : []),
        { name: `ficus monolith ${WORKERS} workers`, start: (up: Upstreams) => startFicus(ficusConfig(up, 'monolith', {}, { workers: WORKERS })) },
      ]
    : []),
];

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => (s.end(), resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listens on ${port}`);
}

const fmt = (n: number, digits = 2): string => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const signed = (n: number): string => `${n >= 0 ? '+' : ''}${fmt(n)}`;
const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');

async function main(): Promise<void> {
  const loadBefore = load();
  const { info: up } = await spawnScript<Upstreams>(0, 'shadow-upstreams.ts');
  const targets = new Map<string, Target>();
  for (const s of SCENARIOS) targets.set(s.name, await s.start(up));
  const names = [...targets.keys()];
  console.log(`gateway data-plane bench: ${ROUNDS} rounds, ${SECONDS}s per figure, latency at ${RATE} req/s; ${PIN ? 'proxies on CPU 1, wrk + upstreams on CPU 0' : 'unpinned'}`);
  const { sat, lat } = await measureRounds(targets, { rounds: ROUNDS, seconds: SECONDS, rate: RATE, describe: (n, s) => `${n} ${Math.round(s.rps)}` });

  const perRound = (n: string, base: string, f: (a: Saturated, b: Saturated) => number) =>
    targets.has(base) ? fmt(median(sat.get(n)!.map((s, i) => f(s, sat.get(base)![i]!)))) : '–';
  const rps = (a: Saturated, b: Saturated): number => a.rps / b.rps;
  console.log(`\nload average before ${loadBefore}, after ${load()}`);
  console.log(`\n| target | req/s (median) | × nginx | × bare undici | CPU µs/req | p50 at ${RATE} req/s | p99 | +p99 over direct | errors |`);
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const n of names) {
    const l = lat.get(n)!;
    const dp99 = median(l.map((x, i) => x.p99 - lat.get('direct')![i]!.p99));
    console.log(
      `| ${n} | ${Math.round(median(sat.get(n)!.map((s) => s.rps)))} | ${perRound(n, 'nginx', rps)} | ${perRound(n, 'bare undici', rps)} | ${fmt(
        median(sat.get(n)!.map((s) => s.cpuUsPerReq)),
        0,
      )} | ${fmt(median(l.map((x) => x.p50)))} ms | ${fmt(median(l.map((x) => x.p99)))} ms | ${n === 'direct' ? '–' : `${signed(dp99)} ms`} | ${
        sat.get(n)!.reduce((a, s) => a + s.non2xx, 0) + l.reduce((a, x) => a + x.errors, 0)
      } |`,
    );
  }
  if (targets.has('ficus monolith + inspector watcher')) {
    const cost = median(sat.get('ficus monolith + inspector watcher')!.map((s, i) => s.cpuUsPerReq - sat.get('ficus monolith')![i]!.cpuUsPerReq));
    console.log(`\ntraffic inspector with one SSE watcher: ${signed(cost)} µs of CPU a request over ficus monolith without one (median of per-round differences)`);
  }
  if (SOAK_S > 0) await soak(targets.get('ficus canary 50')!);
}

/** Bounded soak at the fixed rate against ficus canary 50. */
async function soak(target: Target): Promise<void> {
  const soaked = await soakRss(target.url, [target.pid!], SOAK_S, RATE);
  const { step, requests, errors } = soaked;
  const samplesKb = soaked.samplesKb.get(target.pid!)!;
  const mb = (kb: number): string => (kb / 1024).toFixed(1);
  const growth = samplesKb.at(-1)! / samplesKb[1]! - 1; // from the first sample under load
  console.log(`\nsoak: ficus canary 50, ${SOAK_S}s at ${RATE} req/s, ${requests} requests, ${errors} errors; RSS MB every ${step}s: ${samplesKb.map(mb).join(' ')}`);
  console.log(`RSS growth from the first loaded sample to the end: ${(growth * 100).toFixed(1)}% (target ≤ 10%)`);
}

await main();
process.exit(0);

// Every-core bench (`npm run bench:workers`): ficus monolith with listen.workers 1 and 2, and nginx
// with 1 and 2 workers, in interleaved rounds (medians of per-round ratios, same run only). On a
// 2-core machine the load generator cannot have a core of its own while two workers have one each,
// so everything runs unpinned (FICUS_BENCH_PIN=0, set by the npm script): the ratio is a floor of
// what two workers give where wrk runs elsewhere. An optional bounded soak reports RSS per worker.
//
//   npm run bench:workers -- [--rounds 3] [--seconds 5] [--rate 1000]
//   FICUS_BENCH_SOAK_S=300 npm run bench:workers     # adds the soak (≤ 300 s) against ficus workers 2
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import net from 'node:net';
import { loadavg } from 'node:os';
import { atRate, benchOptions, measureRounds, median, PIN, rssKb, soakRss, spawnScript } from './measure.js';
import { BENCH_PATH, ficusConfig, startFicus, type Target, type Upstreams } from './ficus-targets.js';
import { ensureNginx, freePort, nginxArgs } from './nginx.js';

const { rounds: ROUNDS, seconds: SECONDS, rate: RATE, soakS: SOAK_S } = benchOptions();
const NGINX = ensureNginx();
const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');
const fmt = (n: number, digits = 2): string => (Number.isFinite(n) ? n.toFixed(digits) : '–');

async function startNginx(up: Upstreams, workers: number): Promise<Target> {
  const port = await freePort();
  const child = spawn('nginx', nginxArgs(port, up.monolith, workers), { stdio: ['ignore', 'ignore', 'inherit'] });
  process.on('exit', () => child.kill('SIGTERM'));
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => (s.end(), resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (ok) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url: `http://127.0.0.1:${port}${BENCH_PATH}`, pid: child.pid };
}

/** The worker processes under a primary (its children). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const task of readdirSync(`/proc/${pid}/task`)) out.push(...readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
  return out;
}

async function soak(target: Target): Promise<void> {
  const { step, samplesKb: samples, requests, errors } = await soakRss(target.url, childrenOf(target.pid!), SOAK_S, RATE);
  console.log(`\nsoak: ficus monolith workers 2, ${SOAK_S}s at ${RATE} req/s, ${requests} requests, ${errors} errors`);
  for (const [w, kb] of samples) {
    const growth = kb.at(-1)! / kb[1]! - 1; // from the first sample under load
    console.log(`worker ${w}: RSS MB every ${step}s: ${kb.map((k) => (k / 1024).toFixed(1)).join(' ')}; growth ${(growth * 100).toFixed(1)}% (target ≤ 10%)`);
  }
}

async function main(): Promise<void> {
  const loadBefore = load();
  const { info: up } = await spawnScript<Upstreams>(0, 'shadow-upstreams.ts');
  const targets = new Map<string, Target>();
  targets.set('ficus workers 1', await startFicus(ficusConfig(up, 'monolith')));
  targets.set('ficus workers 2', await startFicus(ficusConfig(up, 'monolith', {}, { workers: 2 })));
  if (NGINX) {
    targets.set('nginx 1 worker', await startNginx(up, 1));
    targets.set('nginx 2 workers', await startNginx(up, 2));
  }
  console.log(`gateway workers bench: ${ROUNDS} rounds, ${SECONDS}s per figure, wrk -t1 -c32; ${PIN ? 'PINNED (set FICUS_BENCH_PIN=0)' : 'unpinned: wrk, upstream and every proxy process share both cores'}`);
  const { sat, lat } = await measureRounds(targets, { rounds: ROUNDS, seconds: SECONDS, rate: RATE, describe: (n, s) => `${n} ${Math.round(s.rps)}` });
  const ratio = (a: string, b: string): string => (targets.has(a) && targets.has(b) ? fmt(median(sat.get(a)!.map((s, i) => s.rps / sat.get(b)![i]!.rps))) : '–');
  console.log(`\nload average before ${loadBefore}, after ${load()}`);
  console.log(`\n| target | req/s (median) | CPU µs/req (all processes) | p50 at ${RATE} req/s | p99 |`);
  console.log('|---|---:|---:|---:|---:|');
  for (const n of targets.keys()) {
    const l = lat.get(n)!;
    console.log(`| ${n} | ${Math.round(median(sat.get(n)!.map((s) => s.rps)))} | ${fmt(median(sat.get(n)!.map((s) => s.cpuUsPerReq)), 0)} | ${fmt(median(l.map((x) => x.p50)))} ms | ${fmt(median(l.map((x) => x.p99)))} ms |`);
  }
  console.log(`\nficus workers 2 ÷ workers 1: ${ratio('ficus workers 2', 'ficus workers 1')} (goal ≥ 1.7 with the load generator on its own core)`);
  console.log(`nginx 2 ÷ 1 workers: ${ratio('nginx 2 workers', 'nginx 1 worker')}; ficus workers 2 ÷ nginx 2 workers: ${ratio('ficus workers 2', 'nginx 2 workers')}`);
  if (SOAK_S > 0) await soak(targets.get('ficus workers 2')!);
}

await main();
process.exit(0);

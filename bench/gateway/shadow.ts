// Shadow bench: does mirroring to a fast, a slow (200 ms) or a dead service cost the primary?
// Variants run side by side (one gateway process each) and are measured in interleaved rounds,
// order rotated each round; figures are medians of per-round ratios against `monolith` mode
// measured in the same round. Then a bounded soak against the slow service samples RSS.
//
//   npx tsx bench/gateway/shadow.ts [--rounds 3] [--seconds 5] [--rate 1000] [--soak-seconds 300]
//
// Layout: the gateways on CPU 1, wrk and the upstreams on CPU 0 (taskset), when there are 2+ CPUs.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..'); // `--import tsx` resolves from the working directory
const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '5' },
    rate: { type: 'string', default: '1000' },
    'soak-seconds': { type: 'string', default: '300' },
  },
});
const ROUNDS = Number(args.rounds);
const SECONDS = Number(args.seconds);
const RATE = Number(args.rate);
const SOAK_S = Number(args['soak-seconds']);
const PIN = availableParallelism() >= 2 && hasCommand('taskset');
const CLK_TCK = 100; // USER_HZ on Linux

type Variant = 'monolith' | 'shadow-fast' | 'shadow-slow' | 'shadow-dead';
const VARIANTS: Variant[] = ['monolith', 'shadow-fast', 'shadow-slow', 'shadow-dead'];

const children: ChildProcess[] = [];
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));

function hasCommand(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function pinned(cpu: number, cmd: string, argv: string[]): [string, string[]] {
  return PIN ? ['taskset', ['-c', String(cpu), cmd, ...argv]] : [cmd, argv];
}

/** Spawns a node+tsx script and resolves with the first JSON line it prints. */
function spawnJson<T>(cpu: number, script: string, argv: string[] = []): Promise<{ child: ChildProcess; info: T }> {
  const [cmd, a] = pinned(cpu, process.execPath, ['--import', 'tsx', path.join(here, script), ...argv]);
  const child = spawn(cmd, a, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => resolve({ child, info: JSON.parse(line) as T }));
  });
}

function gatewayConfig(variant: Variant, ports: { monolith: number; fast: number; slow: number; dead: number }) {
  const servicePort = variant === 'shadow-slow' ? ports.slow : variant === 'shadow-dead' ? ports.dead : ports.fast;
  return {
    listen: { host: '127.0.0.1', port: 0 },
    admin: { host: '127.0.0.1', port: 0 },
    store: { url: `sqlite:${path.join(mkdtempSync(path.join(tmpdir(), 'ficus-bench-')), 'gw.db')}` },
    monolith: { url: `http://127.0.0.1:${ports.monolith}` },
    services: { catalog: { url: `http://127.0.0.1:${servicePort}` } },
    routes: [
      {
        id: 'products',
        match: { methods: ['GET'], path: '/api/products/:id' },
        service: 'catalog',
        mode: variant === 'monolith' ? 'monolith' : 'shadow',
        shadow: { sample: 100, noise: 'auto', noiseSample: 20, timeoutMs: 1000 },
      },
    ],
  };
}

function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime
}

function rssKb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
}

function runWrk(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const [cmd, a] = pinned(0, 'wrk', argv);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, a, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += c));
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`wrk exited with ${code}: ${out}`))));
  });
}

interface Saturated {
  rps: number;
  cpuUsPerReq: number;
  non2xx: number;
}

async function saturate(port: number, pid: number, seconds: number): Promise<Saturated> {
  const before = cpuTicks(pid);
  const out = await runWrk(['-t1', '-c32', `-d${seconds}s`, `http://127.0.0.1:${port}/api/products/1`]);
  const ticks = cpuTicks(pid) - before;
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN);
  const total = Number(/(\d+) requests in/.exec(out)?.[1] ?? NaN);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  return { rps, cpuUsPerReq: (ticks * (1e6 / CLK_TCK)) / total, non2xx };
}

async function atRate(port: number, seconds: number, rate: number): Promise<{ p50: number; p99: number; errors: number }> {
  const connections = 16;
  const out = await runWrk(['-t1', `-c${connections}`, `-d${seconds}s`, '-s', path.join(here, 'shadow-rate.lua'), `http://127.0.0.1:${port}/api/products/1`], {
    WRK_MEAN_MS: String((connections * 1000) / rate),
  });
  const r = JSON.parse(/RESULT (.*)/.exec(out)![1]) as { p50_us: number; p99_us: number; errors: number };
  return { p50: r.p50_us / 1000, p99: r.p99_us / 1000, errors: r.errors };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main(): Promise<void> {
  const { info: ports } = await spawnJson<{ monolith: number; fast: number; slow: number; dead: number }>(0, 'shadow-upstreams.ts');
  const gateways = new Map<Variant, { port: number; pid: number }>();
  for (const v of VARIANTS) {
    const { child, info } = await spawnJson<{ port: number }>(1, 'shadow-gateway-process.ts', [JSON.stringify(gatewayConfig(v, ports))]);
    gateways.set(v, { port: info.port, pid: child.pid! });
  }
  console.log(`shadow bench: ${ROUNDS} rounds × ${SECONDS}s per figure, ${RATE} req/s for latency; layout: ${PIN ? 'gateways on CPU 1, wrk + upstreams on CPU 0' : 'unpinned'}`);

  for (const v of VARIANTS) await saturate(gateways.get(v)!.port, gateways.get(v)!.pid, 2); // warm-up (JIT, keep-alive pools)

  const sat = new Map<Variant, Saturated[]>(VARIANTS.map((v) => [v, []]));
  const lat = new Map<Variant, { p50: number; p99: number; errors: number }[]>(VARIANTS.map((v) => [v, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const order = VARIANTS.map((_, i) => VARIANTS[(i + round) % VARIANTS.length]);
    for (const v of order) sat.get(v)!.push(await saturate(gateways.get(v)!.port, gateways.get(v)!.pid, SECONDS));
    for (const v of order) lat.get(v)!.push(await atRate(gateways.get(v)!.port, SECONDS, RATE));
    console.log(`round ${round + 1}: ${order.map((v) => `${v} ${Math.round(sat.get(v)!.at(-1)!.rps)} req/s, p99 ${lat.get(v)!.at(-1)!.p99.toFixed(2)} ms`).join(' | ')}`);
  }

  console.log('\n| variant | req/s (median) | × monolith mode (median of per-round ratios) | CPU µs/req | p99 at %d req/s | +p99 over monolith mode (median) | non-2xx |'.replace('%d', String(RATE)));
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const v of VARIANTS) {
    const ratios = sat.get(v)!.map((s, i) => s.rps / sat.get('monolith')![i].rps);
    const dp99 = lat.get(v)!.map((l, i) => l.p99 - lat.get('monolith')![i].p99);
    console.log(
      `| ${v} | ${Math.round(median(sat.get(v)!.map((s) => s.rps)))} | ${median(ratios).toFixed(2)} | ${median(sat.get(v)!.map((s) => s.cpuUsPerReq)).toFixed(0)} | ${median(lat.get(v)!.map((l) => l.p99)).toFixed(2)} ms | ${v === 'monolith' ? '–' : `${median(dp99) >= 0 ? '+' : ''}${median(dp99).toFixed(2)} ms`} | ${sat.get(v)!.reduce((a, s) => a + s.non2xx, 0) + lat.get(v)!.reduce((a, l) => a + l.errors, 0)} |`,
    );
  }

  if (SOAK_S > 0) await soak(gateways.get('shadow-slow')!);
}

/** Fixed-rate load against the slow-service gateway for SOAK_S seconds; RSS sampled every tenth. */
async function soak(gw: { port: number; pid: number }): Promise<void> {
  const connections = 16;
  const samples: number[] = [rssKb(gw.pid)];
  const step = Math.max(1, Math.round(SOAK_S / 10));
  const wrk = runWrk(['-t1', `-c${connections}`, `-d${SOAK_S}s`, '-s', path.join(here, 'shadow-rate.lua'), `http://127.0.0.1:${gw.port}/api/products/1`], {
    WRK_MEAN_MS: String((connections * 1000) / RATE),
  });
  const timer = setInterval(() => samples.push(rssKb(gw.pid)), step * 1000);
  const out = await wrk;
  clearInterval(timer);
  samples.push(rssKb(gw.pid));
  const r = JSON.parse(/RESULT (.*)/.exec(out)![1]) as { requests: number; errors: number; p99_us: number };
  const mb = (kb: number) => (kb / 1024).toFixed(1);
  const afterWarm = samples.slice(1, -1);
  console.log(`\nsoak against the 200 ms service: ${SOAK_S}s at ${RATE} req/s, ${r.requests} requests, ${r.errors} errors, p99 ${(r.p99_us / 1000).toFixed(2)} ms`);
  console.log(`RSS MB every ${step}s: ${samples.map(mb).join(' ')}`);
  if (afterWarm.length >= 2) {
    const firstHalf = median(afterWarm.slice(0, Math.ceil(afterWarm.length / 2)));
    const secondHalf = median(afterWarm.slice(Math.ceil(afterWarm.length / 2)));
    console.log(`RSS median second half / first half: ${(secondHalf / firstHalf).toFixed(3)} (flat ≈ 1.0)`);
  }
}

await main();
for (const c of children) c.kill('SIGTERM');
process.exit(0);

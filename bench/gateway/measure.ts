// Measurement helpers for the gateway benches: child processes (optionally pinned with taskset),
// wrk runs (saturated, and at a fixed offered rate with exponential think time), CPU and RSS from /proc.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

export const here = path.dirname(fileURLToPath(import.meta.url));
const CLK_TCK = 100; // USER_HZ on Linux
const children: ChildProcess[] = [];
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));

export function hasCommand(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Pinning layout: load generator + upstreams on CPU 0, the proxy under test on CPU 1. */
export const PIN = process.env.FICUS_BENCH_PIN !== '0' && availableParallelism() >= 2 && hasCommand('taskset'); // FICUS_BENCH_PIN=0: unpinned

export function pinned(cpu: number, cmd: string, argv: string[]): [string, string[]] {
  return PIN ? ['taskset', ['-c', String(cpu), cmd, ...argv]] : [cmd, argv];
}

/** Spawns a command (killed when the bench exits); resolves once `parse` accepts a line of `stream` (the other is discarded). */
export function spawnWaiting<T>(
  cpu: number,
  cmd: string,
  argv: string[],
  stream: 'stdout' | 'stderr',
  parse: (line: string) => T | undefined,
): Promise<{ child: ChildProcess; info: T }> {
  const [c, a] = pinned(cpu, cmd, argv);
  const child = spawn(c, a, { stdio: stream === 'stdout' ? ['ignore', 'pipe', 'inherit'] : ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${cmd} ${argv.join(' ')} exited with ${code}`)));
    const lines = createInterface({ input: child[stream]! });
    lines.on('line', (line) => {
      const info = parse(line);
      if (info === undefined) return;
      lines.close();
      child[stream]!.resume(); // keep draining: a full pipe would block the process
      resolve({ child, info });
    });
  });
}

/** Spawns a command; resolves with the first JSON line it prints on stdout. */
export function spawnJson<T>(cpu: number, cmd: string, argv: string[]): Promise<{ child: ChildProcess; info: T }> {
  return spawnWaiting(cpu, cmd, argv, 'stdout', (line) => JSON.parse(line) as T);
}

/** Spawns a TypeScript bench script under node + tsx; `nodeArgs` go to node (e.g. --cpu-prof). */
export function spawnScript<T>(cpu: number, script: string, argv: string[] = [], nodeArgs: string[] = []): Promise<{ child: ChildProcess; info: T }> {
  return spawnJson<T>(cpu, process.execPath, [...nodeArgs, '--import', 'tsx', path.resolve(here, script), ...argv]);
}

/** utime + stime (clock ticks) of a process and all its descendants (nginx's worker, taskset's child). */
export function cpuTicks(pid: number): number {
  let ticks = 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    ticks = Number(fields[11]) + Number(fields[12]);
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      for (const child of readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean)) ticks += cpuTicks(Number(child));
    }
  } catch {
    // the process ended between listing and reading
  }
  return ticks;
}

/** Resident set size of a process (kB). */
export function rssKb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
}

export function runWrk(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const [cmd, a] = pinned(0, 'wrk', argv);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, a, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += c));
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`wrk exited with ${code}: ${out}`))));
  });
}

export interface Saturated {
  rps: number;
  cpuUsPerReq: number;
  non2xx: number;
}

/** Closed-loop throughput: wrk -t1 -c32; CPU µs per request of `pid` (and its children) when given. */
export async function saturate(url: string, seconds: number, pid?: number): Promise<Saturated> {
  const before = pid ? cpuTicks(pid) : 0;
  const out = await runWrk(['-t1', '-c32', `-d${seconds}s`, url]);
  const ticks = pid ? cpuTicks(pid) - before : NaN;
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN);
  const total = Number(/(\d+) requests in/.exec(out)?.[1] ?? NaN);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  return { rps, cpuUsPerReq: (ticks * (1e6 / CLK_TCK)) / total, non2xx };
}

export interface AtRate {
  p50: number; // ms
  p99: number; // ms
  requests: number;
  errors: number;
}

/** Open-loop-ish latency at a fixed offered rate: wrk + rate.lua (exponential think time per connection). */
export async function atRate(url: string, seconds: number, rate: number, connections = 16): Promise<AtRate> {
  const out = await runWrk(['-t1', `-c${connections}`, `-d${seconds}s`, '-s', path.join(here, 'shadow-rate.lua'), url], {
    WRK_MEAN_MS: String((connections * 1000) / rate),
  });
  const r = JSON.parse(/RESULT (.*)/.exec(out)![1]!) as { p50_us: number; p99_us: number; requests: number; errors: number };
  return { p50: r.p50_us / 1000, p99: r.p99_us / 1000, requests: r.requests, errors: r.errors };
}

export interface Measured {
  sat: Map<string, Saturated[]>; // per target, one figure per round
  lat: Map<string, AtRate[]>;
}

/**
 * The interleaved rounds every gateway bench runs: a 2 s warm-up each (JIT, keep-alive pools), then
 * per round, in an order rotated each round, saturated throughput for all targets and then latency
 * at `rate` for all. `describe` prints a line after each round.
 */
export async function measureRounds(
  targets: Map<string, { url: string; pid?: number }>,
  options: { rounds: number; seconds: number; rate: number; describe: (name: string, sat: Saturated, lat: AtRate) => string },
): Promise<Measured> {
  const names = [...targets.keys()];
  for (const n of names) await saturate(targets.get(n)!.url, 2, targets.get(n)!.pid);
  const sat = new Map<string, Saturated[]>(names.map((n) => [n, []]));
  const lat = new Map<string, AtRate[]>(names.map((n) => [n, []]));
  for (let round = 0; round < options.rounds; round++) {
    const order = names.map((_, i) => names[(i + round) % names.length]!);
    for (const n of order) sat.get(n)!.push(await saturate(targets.get(n)!.url, options.seconds, targets.get(n)!.pid));
    for (const n of order) lat.get(n)!.push(await atRate(targets.get(n)!.url, options.seconds, options.rate));
    console.log(`round ${round + 1}: ${order.map((n) => options.describe(n, sat.get(n)!.at(-1)!, lat.get(n)!.at(-1)!)).join(' | ')}`);
  }
  return { sat, lat };
}

/** The flags every gateway bench takes: --rounds (1–5), --seconds, --rate; FICUS_BENCH_SOAK_S (bounded to 300 s). */
export function benchOptions(): { rounds: number; seconds: number; rate: number; soakS: number } {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, seconds: { type: 'string', default: '5' }, rate: { type: 'string', default: '1000' } } });
  return { rounds: Math.min(5, Math.max(1, Number(values.rounds))), seconds: Number(values.seconds), rate: Number(values.rate), soakS: Math.min(300, Number(process.env.FICUS_BENCH_SOAK_S ?? 0)) };
}

/** A bounded soak: `seconds` (≤ 300 by the callers) at `rate`, each pid's RSS sampled before and then ten times. */
export async function soakRss(url: string, pids: number[], seconds: number, rate: number) {
  const step = Math.max(1, Math.round(seconds / 10));
  const samplesKb = new Map(pids.map((pid) => [pid, [rssKb(pid)]]));
  let requests = 0;
  let errors = 0;
  for (let t = 0; t < seconds; t += step) {
    const r = await atRate(url, Math.min(step, seconds - t), rate);
    requests += r.requests;
    errors += r.errors;
    for (const pid of pids) samplesKb.get(pid)!.push(rssKb(pid));
  }
  return { step, samplesKb, requests, errors };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

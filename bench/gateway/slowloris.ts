// Slowloris bench (`npm run bench:slowloris`): the latency of normal traffic through `ficus gateway`
// with and without a crowd of connections that send half a request line and stop (their own
// process: slowloris-crowd.ts), in interleaved rounds (quiet, attacked; order swapped each round),
// quoted as medians of per-round ratios. The header deadline falls inside each attacked round, so
// the figure covers the crowd being held and being closed; their ages at close are reported against
// listen.headersTimeoutMs. `--replace` keeps the crowd at full size (a new connection for each one
// closed): a sustained attack, and a harder one.
//
//   npm run bench:slowloris -- [--rounds 3] [--seconds 5] [--rate 50] [--slow 200] [--headers-ms 2000] [--replace]
import { spawn } from 'node:child_process';
import http from 'node:http';
import { loadavg, uptime } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { startFicus, type Upstreams } from './ficus-targets.js';
import { here, median, pinned, spawnScript } from './measure.js';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '5' },
    rate: { type: 'string', default: '50' },
    slow: { type: 'string', default: '200' },
    'headers-ms': { type: 'string', default: '2000' },
    replace: { type: 'boolean', default: false },
  },
});
const ROUNDS = Math.min(7, Math.max(1, Number(args.rounds)));
const SECONDS = Math.min(30, Number(args.seconds));
const RATE = Math.min(2000, Number(args.rate));
const SLOW = Math.min(2000, Number(args.slow));
const HEADERS_MS = Number(args['headers-ms']);
const REPLACE = args.replace;
const PATH = '/api/bench/1';

interface Latency {
  p50: number;
  p99: number;
  requests: number;
  errors: number;
}

/** `RATE` requests a second for `SECONDS` (bounded: RATE × SECONDS requests), each timed from send to last byte. */
async function measure(port: number, agent: http.Agent): Promise<Latency> {
  const total = RATE * SECONDS;
  const times: number[] = [];
  let errors = 0;
  const started = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    pending.push(
      new Promise<void>((resolve) => {
        const t0 = performance.now();
        const req = http.get({ host: '127.0.0.1', port, path: PATH, agent }, (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode === 200) times.push(performance.now() - t0);
            else errors++;
            resolve();
          });
        });
        req.setTimeout(10_000, () => req.destroy());
        req.on('error', () => (errors++, resolve()));
      }),
    );
  }
  await Promise.all(pending);
  times.sort((a, b) => a - b);
  const at = (q: number): number => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? NaN;
  return { p50: at(0.5), p99: at(0.99), requests: times.length, errors };
}

interface CrowdReport {
  closed: number;
  still: number; // open when the round ended
  ages: number[]; // ms from connect to the gateway's close
}

/** Starts the crowd (slowloris-crowd.ts, its own process); resolves once all are connected, with the report it prints after `ms`. */
async function startCrowd(port: number, ms: number): Promise<{ report: Promise<CrowdReport> }> {
  const [cmd, argv] = pinned(0, process.execPath, ['--import', 'tsx', path.join(here, 'slowloris-crowd.ts'), String(port), String(SLOW), String(ms), ...(REPLACE ? ['replace'] : [])]);
  const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done) throw new Error('the crowd exited before connecting');
  return { report: lines.next().then((r) => JSON.parse(r.value as string) as CrowdReport) };
}

const fmt = (n: number, digits = 2): string => (Number.isFinite(n) ? n.toFixed(digits) : '–');

async function main(): Promise<void> {
  const { info: up } = await spawnScript<Upstreams>(0, 'shadow-upstreams.ts');
  const config = {
    listen: { host: '127.0.0.1', port: 0, headersTimeoutMs: HEADERS_MS, requestTimeoutMs: Math.max(HEADERS_MS, 10_000) },
    admin: { host: '127.0.0.1', port: 0 },
    store: { url: 'sqlite::memory:' },
    monolith: { url: `http://127.0.0.1:${up.monolith}` },
  };
  const target = await startFicus(config);
  const port = Number(new URL(target.url).port);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  console.log(`slowloris bench: ${ROUNDS} rounds × ${SECONDS}s at ${RATE} req/s; ${SLOW} hoarders${REPLACE ? ', replaced' : ''}; headersTimeoutMs ${HEADERS_MS}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  await measure(port, agent); // warm-up: JIT, keep-alive pool
  const quiet: Latency[] = [];
  const attacked: Latency[] = [];
  const ages: number[] = [];
  let stillOpen = 0;
  let roundAges: number[] = [];
  let roundStill = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (const under of round % 2 ? [true, false] : [false, true]) {
      if (!under) {
        quiet.push(await measure(port, agent));
        continue;
      }
      // The crowd lives through the whole measurement: its header deadline falls in the middle.
      const crowd = await startCrowd(port, SECONDS * 1000 + 500);
      attacked.push(await measure(port, agent));
      const report = await crowd.report;
      ages.push(...report.ages);
      stillOpen += report.still;
      [roundAges, roundStill] = [report.ages, report.still];
    }
    const q = quiet.at(-1)!;
    const a = attacked.at(-1)!;
    const [first, last] = [Math.min(...roundAges), Math.max(...roundAges)];
    console.log(
      `round ${round + 1}: quiet p50 ${fmt(q.p50)} p99 ${fmt(q.p99)} ms | attacked p50 ${fmt(a.p50)} p99 ${fmt(a.p99)} ms, ${a.errors} errors | ` +
        `${roundAges.length} hoarders closed ${fmt(first, 0)}–${fmt(last, 0)} ms after connecting, ${roundStill} still open`,
    );
  }
  const ratio = (f: (l: Latency) => number): number => median(attacked.map((a, i) => f(a) / f(quiet[i]!)));
  console.log(`\n| traffic | p50 (median) | p99 (median) | errors |`);
  console.log('|---|---:|---:|---:|');
  for (const [name, ls] of [['quiet', quiet], [`with ${SLOW} hoarders`, attacked]] as const) {
    console.log(`| ${name} | ${fmt(median(ls.map((l) => l.p50)))} ms | ${fmt(median(ls.map((l) => l.p99)))} ms | ${ls.reduce((n, l) => n + l.errors, 0)} |`);
  }
  const ofMedians = (f: (l: Latency) => number): number => median(attacked.map(f)) / median(quiet.map(f));
  console.log(`\np50 × quiet ${fmt(ratio((l) => l.p50))}, p99 × quiet ${fmt(ratio((l) => l.p99))} (medians of per-round ratios; ratios of the medians ${fmt(ofMedians((l) => l.p50))} and ${fmt(ofMedians((l) => l.p99))})`);
  const sorted = [...ages].sort((x, y) => x - y);
  console.log(
    `hoarders closed by the gateway: ${ages.length} (${stillOpen} still open at a round's end); age at close min ${fmt(sorted[0] ?? NaN, 0)} / median ${fmt(median(ages), 0)} / max ${fmt(sorted.at(-1) ?? NaN, 0)} ms (header deadline ${HEADERS_MS} ms)`,
  );
  console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(' ')} (machine up ${Math.round(uptime() / 60)} min)`);
}

await main();
process.exit(0);

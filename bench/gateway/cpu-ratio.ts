// The quick data-plane check while optimising the hot path: gateway CPU per request and throughput of
// ficus (50 routes; monolith, canary 50, service) as ratios to the bare undici floor (bare-undici.mjs) measured in
// the same round (saturated wrk only: no nginx, no latency). Rounds interleaved, order rotated; medians.
//
//   npm run build && npx tsx bench/gateway/cpu-ratio.ts [--rounds 5] [--seconds 4] [--modes monolith,canary,service]
//   FICUS_BENCH_PROFILE=/tmp/prof npx tsx bench/gateway/cpu-ratio.ts   # also writes floor/ and <mode>/ *.cpuprofile there (one per thread)
//   FICUS_BENCH_BASELINE=/tmp/old npx tsx bench/gateway/cpu-ratio.ts   # adds "baseline <mode>": ficus from another checkout, built
//     (e.g. `git worktree add /tmp/old <rev>`, a node_modules symlink, then `npm run build` there)
import { parseArgs } from 'node:util';
import { median, PIN, saturate, spawnScript, type Saturated } from './measure.js';
import { ficusConfig, startBareUndici, startFicus, type BenchMode, type Target, type Upstreams } from './ficus-targets.js';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '4' },
    modes: { type: 'string', default: 'monolith,canary,service' },
  },
});
const ROUNDS = Math.min(9, Math.max(1, Number(args.rounds)));
const SECONDS = Number(args.seconds);
const MODES = args.modes.split(',') as BenchMode[];
const PROFILE = process.env.FICUS_BENCH_PROFILE;
const FLOOR = 'bare undici';

const { info: up } = await spawnScript<Upstreams>(0, 'shadow-upstreams.ts');
const profile = (name: string): string[] => (PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE}/${name}`] : []);
const targets = new Map<string, Target>([[FLOOR, await startBareUndici(up, profile('floor'))]]);
for (const mode of MODES) targets.set(`ficus ${mode}`, await startFicus(ficusConfig(up, mode), profile(mode)));
const BASELINE = process.env.FICUS_BENCH_BASELINE;
if (BASELINE) for (const mode of MODES) targets.set(`baseline ${mode}`, await startFicus(ficusConfig(up, mode), [], BASELINE));
const names = [...targets.keys()];
for (const n of names) await saturate(targets.get(n)!.url, 2, targets.get(n)!.pid); // warm-up: JIT, keep-alive pools

const runs = new Map<string, Saturated[]>(names.map((n) => [n, []]));
for (let round = 0; round < ROUNDS; round++) {
  const order = names.map((_, i) => names[(i + round) % names.length]!);
  for (const n of order) runs.get(n)!.push(await saturate(targets.get(n)!.url, SECONDS, targets.get(n)!.pid));
  console.log(`round ${round + 1}: ${names.map((n) => `${n} ${Math.round(runs.get(n)!.at(-1)!.cpuUsPerReq)} µs/req`).join(' | ')}`);
}

const ratio = (n: string, f: (s: Saturated) => number): number => median(runs.get(n)!.map((s, i) => f(s) / f(runs.get(FLOOR)![i]!)));
console.log(`\n${ROUNDS} rounds × ${SECONDS}s, ${PIN ? 'proxies on CPU 1, wrk + upstreams on CPU 0' : 'unpinned'}`);
console.log('| target | CPU µs/req | × floor CPU | req/s | × floor req/s | non-2xx |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const n of names) {
  const s = runs.get(n)!;
  console.log(
    `| ${n} | ${median(s.map((x) => x.cpuUsPerReq)).toFixed(0)} | ${ratio(n, (x) => x.cpuUsPerReq).toFixed(2)} | ${Math.round(median(s.map((x) => x.rps)))} | ${ratio(n, (x) => x.rps).toFixed(2)} | ${s.reduce((a, x) => a + x.non2xx, 0)} |`,
  );
}
if (PROFILE) for (const t of targets.values()) if (t.pid) process.kill(t.pid, 'SIGTERM'); // profiles are written on exit
await new Promise((r) => setTimeout(r, PROFILE ? 3000 : 0));
process.exit(0);

// Shadow bench: does mirroring to a fast, a slow (200 ms) or a dead service cost the primary?
// One gateway process per variant, measured in interleaved rounds (order rotated each round);
// figures are medians of per-round ratios against `monolith` mode measured in the same round.
// Optionally a bounded soak against the slow service samples the gateway's RSS.
//
//   npm run bench:shadow -- [--rounds 3] [--seconds 5] [--rate 1000] [--soak-seconds 300]
//
// Layout (measure.ts): the gateways on CPU 1, wrk and the upstreams on CPU 0, when there are 2+ CPUs.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { measureRounds, median, PIN, soakRss, spawnScript } from './measure.js';
import { startFicus } from './ficus-targets.js';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '5' },
    rate: { type: 'string', default: '1000' },
    'soak-seconds': { type: 'string', default: '0' },
  },
});
const ROUNDS = Math.min(5, Math.max(1, Number(args.rounds)));
const SECONDS = Number(args.seconds);
const RATE = Number(args.rate);
const SOAK_S = Math.min(300, Number(args['soak-seconds']));

type Variant = 'monolith mode' | 'shadow → fast service' | 'shadow → 200 ms service' | 'shadow → dead port';
const VARIANTS: Variant[] = ['monolith mode', 'shadow → fast service', 'shadow → 200 ms service', 'shadow → dead port'];
interface Upstreams {
  monolith: number;
  fast: number;
  slow: number;
  dead: number;
}

function gatewayConfig(variant: Variant, up: Upstreams) {
  const servicePort = variant === 'shadow → 200 ms service' ? up.slow : variant === 'shadow → dead port' ? up.dead : up.fast;
  return {
    listen: { host: '127.0.0.1', port: 0 },
    admin: { host: '127.0.0.1', port: 0 },
    store: { url: `sqlite:${path.join(mkdtempSync(path.join(tmpdir(), 'ficus-bench-shadow-')), 'gw.db')}` },
    monolith: { url: `http://127.0.0.1:${up.monolith}` },
    services: { catalog: { url: `http://127.0.0.1:${servicePort}` } },
    routes: [
      {
        id: 'products',
        match: { methods: ['GET'], path: '/api/bench/:id' },
        service: 'catalog',
        mode: variant === 'monolith mode' ? 'monolith' : 'shadow',
        // defaults otherwise: sample 100, noise auto (20% sent twice to the monolith), 32 concurrent + 32 queued copies
        shadow: { timeoutMs: 1000 },
      },
    ],
  };
}

const fmt = (n: number, digits = 2): string => (Number.isFinite(n) ? n.toFixed(digits) : '–');

async function main(): Promise<void> {
  const { info: up } = await spawnScript<Upstreams>(0, 'shadow-upstreams.ts');
  const gateways = new Map<string, { url: string; pid: number }>();
  for (const v of VARIANTS) {
    const { url, pid } = await startFicus(gatewayConfig(v, up));
    gateways.set(v, { url, pid: pid! });
  }
  console.log(`shadow bench: ${ROUNDS} rounds × ${SECONDS}s per figure, latency at ${RATE} req/s; ${PIN ? 'gateways on CPU 1, wrk + upstreams on CPU 0' : 'unpinned'}`);
  const { sat, lat } = await measureRounds(gateways, {
    rounds: ROUNDS,
    seconds: SECONDS,
    rate: RATE,
    describe: (v, s, l) => `${v} ${Math.round(s.rps)} req/s, p99 ${fmt(l.p99)} ms`,
  });

  const base: Variant = 'monolith mode';
  console.log(`\n| variant | req/s (median) | × monolith mode | CPU µs/req | CPU × monolith mode | p99 at ${RATE} req/s | +p99 over monolith mode | errors |`);
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const v of VARIANTS) {
    const ratio = median(sat.get(v)!.map((s, i) => s.rps / sat.get(base)![i]!.rps));
    const cpuRatio = median(sat.get(v)!.map((s, i) => s.cpuUsPerReq / sat.get(base)![i]!.cpuUsPerReq));
    const dp99 = median(lat.get(v)!.map((l, i) => l.p99 - lat.get(base)![i]!.p99));
    const errors = sat.get(v)!.reduce((a, s) => a + s.non2xx, 0) + lat.get(v)!.reduce((a, l) => a + l.errors, 0);
    console.log(
      `| ${v} | ${Math.round(median(sat.get(v)!.map((s) => s.rps)))} | ${fmt(ratio)} | ${fmt(median(sat.get(v)!.map((s) => s.cpuUsPerReq)), 0)} | ${fmt(cpuRatio)} | ${fmt(
        median(lat.get(v)!.map((l) => l.p99)),
      )} ms | ${v === base ? '–' : `${dp99 >= 0 ? '+' : ''}${fmt(dp99)} ms`} | ${errors} |`,
    );
  }
  console.log('(targets: × monolith mode ≥ 0.8 and +p99 ≤ 1 ms for the 200 ms service and the dead port; the fast service costs a second upstream exchange per request by design)');
  if (SOAK_S > 0) await soak(gateways.get('shadow → 200 ms service')!);
}

/** Fixed-rate load against the slow-service gateway for SOAK_S seconds. */
async function soak(gw: { url: string; pid: number }): Promise<void> {
  const soaked = await soakRss(gw.url, [gw.pid], SOAK_S, RATE);
  const { step, requests, errors } = soaked;
  const samplesKb = soaked.samplesKb.get(gw.pid)!;
  const mb = (kb: number): string => (kb / 1024).toFixed(1);
  const loaded = samplesKb.slice(1);
  const half = Math.ceil(loaded.length / 2);
  console.log(`\nsoak: shadow → 200 ms service, ${SOAK_S}s at ${RATE} req/s, ${requests} requests, ${errors} errors; RSS MB every ${step}s: ${samplesKb.map(mb).join(' ')}`);
  console.log(`RSS median of the second half / first half under load: ${fmt(median(loaded.slice(half)) / median(loaded.slice(0, half)), 3)} (flat ≈ 1.00)`);
}

await main();
process.exit(0);

// Bench: `ficus data sync` throughput at saturation and lag at a steady write rate, SQLite → SQLite and
// PostgreSQL → PostgreSQL (when FICUS_TEST_PG names a server), in interleaved rounds. The applier runs in
// this process; the writer in a child process. Lag = applied (target commit) − captured (source trigger).
// Saturation: a backlog of `--backlog` changes written first, then the applier's drain rate.
// After each round the writer has stopped and `data verify` must say equal.
// Run: npx tsx bench/data-sync/run.ts [--rounds 3] [--rate 500] [--seconds 10] [--backlog 20000]
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { verifyTables } from '../../services/data-copy/copy-tables.js';
import { runSync, type SyncEvent } from '../../services/data-sync/run-sync.js';
import { createShop } from '../../test/support/sync-dbs.js';
import { createPgDatabase, pgUrl } from '../../test/support/pg.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const rounds = opt('rounds', 3);
const rate = opt('rate', 500);
const seconds = opt('seconds', 10);
const backlog = opt('backlog', 20_000);
const here = path.dirname(fileURLToPath(import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'ficus-bench-sync-'));
const TABLES = ['products', 'categories'];

interface Round {
  engine: string;
  saturation: number; // changes/s
  p50: number; // ms
  p99: number;
  max: number;
  changes: number;
  equal: boolean;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};

// Asynchronous: the applier in this process keeps running while the writer writes.
async function write(url: string, r: number, s: number, count = 0): Promise<number> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(here, 'writer.ts'), url, String(r), String(s), String(count)], { encoding: 'utf8' });
  return (JSON.parse(stdout.trim().split('\n').pop()!) as { changes: number }).changes;
}

async function pair(engine: string, round: number): Promise<{ from: string; to: string; drop: () => Promise<void> }> {
  if (engine === 'sqlite') {
    return { from: `sqlite:${path.join(dir, `m-${round}.db`)}`, to: `sqlite:${path.join(dir, `s-${round}.db`)}`, drop: async () => undefined };
  }
  const [a, b] = [await createPgDatabase('ficus_bench'), await createPgDatabase('ficus_bench')];
  return { from: a.url, to: b.url, drop: async () => void (await Promise.all([a.drop(), b.drop()])) };
}

async function measure(engine: string, round: number): Promise<Round> {
  const { from, to, drop } = await pair(engine, round);
  try {
    await createShop(from, 5000);
    await runSync({ from, to, tables: TABLES, once: true }); // capture installed, verified copy made
    // Saturation: a backlog, then time the drain.
    await write(from, 0, 0, backlog);
    const t0 = performance.now();
    const drained = await runSync({ from, to, tables: TABLES, once: true, batch: 1000 });
    const saturation = drained.applied / ((performance.now() - t0) / 1000);
    // Lag at a steady rate, the applier running continuously.
    const lags: number[] = [];
    const controller = new AbortController();
    const onEvent = (e: SyncEvent) => {
      if (e.type === 'batch') for (const at of e.capturedAt) lags.push(e.appliedAt - at);
    };
    const running = runSync({ from, to, tables: TABLES, signal: controller.signal, onEvent });
    const changes = await write(from, rate, seconds);
    for (let i = 0; i < 200 && lags.length < changes; i++) await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    await running;
    const verify = await verifyTables({ from, to, tables: TABLES });
    return { engine, saturation, p50: quantile(lags, 0.5), p99: quantile(lags, 0.99), max: Math.max(...lags), changes, equal: verify.ok };
  } finally {
    await drop();
  }
}

const engines = ['sqlite', ...(pgUrl ? ['postgres'] : [])];
const results: Round[] = [];
console.log(`load average before: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
try {
  for (let round = 0; round < rounds; round++) {
    for (const engine of round % 2 ? [...engines].reverse() : engines) {
      const r = await measure(engine, round);
      results.push(r);
      console.log(`round ${round + 1} ${engine}: saturation ${Math.round(r.saturation)} changes/s; at ${rate}/s lag p50 ${r.p50.toFixed(0)} ms, p99 ${r.p99.toFixed(0)} ms, max ${r.max} ms (${r.changes} changes); verify ${r.equal ? 'equal' : 'MISMATCH'}`);
    }
  }
  console.log(`\nmedians over ${rounds} interleaved rounds (load average after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}):`);
  console.log('| pair | applied changes/s at saturation | lag p50 at 500/s | lag p99 | verify |');
  console.log('|---|---:|---:|---:|---|');
  for (const engine of engines) {
    const rs = results.filter((r) => r.engine === engine);
    const name = engine === 'sqlite' ? 'SQLite → SQLite' : 'PostgreSQL → PostgreSQL';
    console.log(`| ${name} | ${Math.round(median(rs.map((r) => r.saturation)))} | ${median(rs.map((r) => r.p50)).toFixed(0)} ms | ${median(rs.map((r) => r.p99)).toFixed(0)} ms | ${rs.every((r) => r.equal) ? 'equal' : 'MISMATCH'} |`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

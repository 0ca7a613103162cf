// Bench: `ficus data copy` memory stays bounded as tables grow. Copies (and verifies) a SQLite source of
// `--rows` products and one of a tenth of that, SQLite → SQLite, in interleaved rounds, each copy in a
// fresh child process; prints peak RSS and throughput per size and the median per-round ratios.
// Run: npx tsx bench/data-copy/run.ts [--rows 1000000] [--rounds 3] [--batch 1000]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSource } from './generate-source.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const rows = opt('rows', 1_000_000);
const rounds = opt('rounds', 3);
const batch = opt('batch', 1000);
const here = path.dirname(fileURLToPath(import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'ficus-bench-copy-'));

interface Run {
  ms: number;
  maxRssKb: number;
  rows: number;
}

function copyOnce(source: string, round: number, label: string): Run {
  const target = path.join(dir, `target-${label}-${round}.db`);
  const out = execFileSync(process.execPath, ['--import', 'tsx', path.join(here, 'copy-child.ts'), `sqlite:${source}`, `sqlite:${target}`, String(batch)], { encoding: 'utf8' });
  rmSync(target, { force: true });
  rmSync(`${target}-wal`, { force: true });
  rmSync(`${target}-shm`, { force: true });
  return JSON.parse(out.trim().split('\n').pop()!) as Run;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  const big = path.join(dir, 'big.db');
  const small = path.join(dir, 'small.db');
  process.stderr.write(`generating ${rows} and ${rows / 10} rows…\n`);
  generateSource(big, rows);
  generateSource(small, Math.round(rows / 10));
  const results: { small: Run; big: Run }[] = [];
  for (let r = 0; r < rounds; r++) {
    // Alternate which size goes first, so drift in machine speed does not favour one.
    const order = r % 2 === 0 ? (['small', 'big'] as const) : (['big', 'small'] as const);
    const round = {} as { small: Run; big: Run };
    for (const size of order) round[size] = copyOnce(size === 'big' ? big : small, r, size);
    results.push(round);
    process.stderr.write(`round ${r + 1}: small ${round.small.maxRssKb} KB ${round.small.ms} ms, big ${round.big.maxRssKb} KB ${round.big.ms} ms\n`);
  }
  const rate = (x: Run) => (x.rows / x.ms) * 1000;
  console.log(`data copy SQLite → SQLite, batch ${batch}, ${rounds} rounds (copy + verify, one child process each)`);
  console.log(`  ${rows / 10} rows: peak RSS ${Math.round(median(results.map((x) => x.small.maxRssKb)) / 1024)} MB, ${Math.round(median(results.map((x) => rate(x.small))))} rows/s`);
  console.log(`  ${rows} rows: peak RSS ${Math.round(median(results.map((x) => x.big.maxRssKb)) / 1024)} MB, ${Math.round(median(results.map((x) => rate(x.big))))} rows/s`);
  console.log(`  10× the rows → ${median(results.map((x) => x.big.maxRssKb / x.small.maxRssKb)).toFixed(2)}× the peak RSS, ${median(results.map((x) => rate(x.big) / rate(x.small))).toFixed(2)}× the throughput (median of per-round ratios)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

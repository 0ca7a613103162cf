// `npm run bench:analyze`: ficus analyze against madge alone on seeded synthetic monoliths of
// 250, 1,000 and 4,000 files. Both run in child processes, interleaved (order rotated each round),
// 3 rounds; the table shows medians, and the ratio is the median of the per-round ratios.
// Usage: npm run bench:analyze [-- --sizes 250,1000,4000 --rounds 3]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateMonolith } from './generate-monolith.js';

interface Sample {
  ms: number;
  maxRssKb: number;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const sizes = flag('sizes', '250,1000,4000').split(',').map(Number);
const rounds = Number(flag('rounds', '3'));

const runChild = (script: string, extra: string[]): Sample =>
  JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', path.join(here, script), ...extra], { encoding: 'utf8', maxBuffer: 1 << 24 }).trim().split('\n').pop()!) as Sample;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const rows: { files: number; madge: Sample[]; ficus: Sample[]; ratios: number[] }[] = [];
for (const size of sizes) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `ficus-bench-${size}-`));
  const out = mkdtempSync(path.join(os.tmpdir(), 'ficus-bench-out-'));
  try {
    const files = generateMonolith(dir, size, 42);
    const row = { files, madge: [] as Sample[], ficus: [] as Sample[], ratios: [] as number[] };
    runChild('madge-alone.ts', [dir]); // warm the file cache once
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? ['madge', 'ficus'] : ['ficus', 'madge'];
      const sample: Record<string, Sample> = {};
      for (const which of order) sample[which] = which === 'madge' ? runChild('madge-alone.ts', [dir]) : runChild('ficus-alone.ts', [dir, out]);
      row.madge.push(sample.madge);
      row.ficus.push(sample.ficus);
      row.ratios.push(sample.ficus.ms / sample.madge.ms);
      process.stderr.write(`${files} files, round ${round + 1}: madge ${Math.round(sample.madge.ms)} ms, ficus ${Math.round(sample.ficus.ms)} ms\n`);
    }
    rows.push(row);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  }
}

const mb = (kb: number) => `${Math.round(kb / 1024)} MB`;
console.log(`\nficus analyze vs madge alone (medians of ${rounds} interleaved rounds, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)})\n`);
console.log('| files | madge | ficus analyze | ficus / madge | madge peak RSS | ficus peak RSS | ficus ms per file |');
console.log('|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  const f = median(r.ficus.map((s) => s.ms));
  console.log(
    `| ${r.files} | ${Math.round(median(r.madge.map((s) => s.ms)))} ms | ${Math.round(f)} ms | ${median(r.ratios).toFixed(2)}× | ${mb(median(r.madge.map((s) => s.maxRssKb)))} | ${mb(median(r.ficus.map((s) => s.maxRssKb)))} | ${(f / r.files).toFixed(2)} |`,
  );
}
if (rows.length > 1) {
  const first = rows[0];
  const last = rows[rows.length - 1];
  const perFile = (r: (typeof rows)[number]) => median(r.ficus.map((s) => s.ms)) / r.files;
  console.log(`\ngrowth ${first.files} → ${last.files} files: time per file × ${(perFile(last) / perFile(first)).toFixed(2)} (≤ 1 is linear or better)`);
}

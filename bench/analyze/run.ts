// `npm run bench:analyze`: the built `ficus analyze` CLI (every report) against madge alone, on seeded
// synthetic monoliths (250, 1,000 and 4,000 files) and on the corpus snapshots beside the checkout.
// madge alone gets exactly the files ficus analyses (test code left out, as ficus does) with the
// settings ficus gives its own madge (madgeConfig: same extensions, same tsconfig). Each side is a
// whole child process timed from spawn to exit, module loading included; peak RSS and CPU time
// (user + system, every thread) come from the child's own resourceUsage at exit. Rounds are
// interleaved (order rotated each round) after one madge warm-up per tree; the table shows medians,
// and each ratio is the median of the per-round ratios. ficus runs madge in a worker beside its own
// parsing, so the wall ratio profits from a second core; the CPU ratio is the one-core figure.
// Usage: npm run bench:analyze [-- --sizes 250,1000,4000 --rounds 3 --corpus <dir> --repos kutt,joplin,wiki,outline]
//        (--sizes '' or --repos '' leave that part out)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAnalyzerConfig } from '../../analyzer/config.js';
import { madgeConfig } from '../../analyzer/extract/extract-imports.js';
import { listSources } from '../../analyzer/extract/list-sources.js';
import { findTsConfig } from '../../analyzer/extract/resolve-import.js';
import { generateMonolith } from './generate-monolith.js';

interface Sample {
  ms: number; // wall, spawn to exit
  cpuMs: number;
  maxRssKb: number;
}

interface Target {
  name: string;
  dir: string;
  synthetic: boolean;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const list = (s: string) => s.split(',').filter(Boolean);
const sizes = list(flag('sizes', '250,1000,4000')).map(Number);
const rounds = Number(flag('rounds', '3'));
const corpus = path.resolve(flag('corpus', path.join(here, '..', '..', '..', 'shared', 'corpus')));
const CORPUS_FOLDERS: Record<string, string> = { kutt: 'kutt', joplin: 'joplin/packages/server', wiki: 'wiki', outline: 'outline' };
const repos = list(flag('repos', Object.keys(CORPUS_FOLDERS).join(',')));
const CHILD_TIMEOUT_MS = 300_000; // bounded: a child that hangs fails the bench instead of holding the machine

const ficusBin = path.join(here, '..', '..', 'dist', 'bin', 'ficus.js');
if (!existsSync(ficusBin)) {
  console.error(`bench:analyze: no build at ${ficusBin} (npm run build)`);
  process.exit(1);
}
const madgePath = createRequire(import.meta.url).resolve('madge');
// Every child reports its own resource usage as its last stderr line, whatever it is.
const EXIT_HOOK = `data:text/javascript,${encodeURIComponent("process.on('exit', () => process.stderr.write('\\n@bench ' + JSON.stringify(process.resourceUsage()) + '\\n'));")}`;
// madge alone, as ficus's worker calls it (extract-imports.ts), minus the worker.
const MADGE_CHILD = `
const { files, config, madgePath } = JSON.parse(require('node:fs').readFileSync(process.argv[1], 'utf8'));
require(madgePath)(files, config).then((res) => { res.obj(); res.warnings(); res.circular(); });
`;

const tmp = mkdtempSync(path.join(os.tmpdir(), 'ficus-bench-'));
const targets: Target[] = [];
for (const size of sizes) {
  const dir = path.join(tmp, `synthetic-${size}`);
  const files = generateMonolith(dir, size, 42);
  targets.push({ name: `synthetic ${files}`, dir, synthetic: true });
}
for (const repo of repos) {
  const dir = path.join(corpus, CORPUS_FOLDERS[repo] ?? repo);
  if (existsSync(dir)) targets.push({ name: repo, dir, synthetic: false });
  else process.stderr.write(`bench:analyze: ${dir} not found, ${repo} left out\n`);
}

function runChild(argv: string[]): Sample {
  const started = performance.now();
  const res = spawnSync(process.execPath, ['--import', EXIT_HOOK, ...argv], { encoding: 'utf8', maxBuffer: 1 << 26, timeout: CHILD_TIMEOUT_MS });
  const ms = performance.now() - started;
  const line = res.stderr.split('\n').find((l) => l.startsWith('@bench '));
  if (res.status !== 0 || !line) throw new Error(`bench:analyze: ${argv.slice(0, 3).join(' ')} failed (${res.error?.message ?? `exit ${res.status}`}): ${res.stderr.slice(0, 2000)}`);
  const usage = JSON.parse(line.slice('@bench '.length)) as NodeJS.ResourceUsage;
  return { ms, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, maxRssKb: usage.maxRSS };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const load = () => os.loadavg()[0].toFixed(1);
const loadAtStart = load();

const rows: { target: Target; files: number; madge: Sample[]; ficus: Sample[]; ratios: number[]; cpuRatios: number[] }[] = [];
try {
  for (const target of targets) {
    const config = loadAnalyzerConfig(target.dir);
    const files = listSources(target.dir, { maxFileBytes: config.maxFileBytes, ignore: config.ignore }).sources.map((s) => s.abs);
    const job = path.join(tmp, 'madge-job.json');
    writeFileSync(job, JSON.stringify({ files, config: madgeConfig(target.dir, findTsConfig(target.dir)), madgePath }));
    const out = path.join(tmp, 'out');
    const run = { madge: () => runChild(['-e', MADGE_CHILD, job]), ficus: () => runChild([ficusBin, 'analyze', target.dir, '-o', out, '-q']) };
    const row = { target, files: files.length, madge: [] as Sample[], ficus: [] as Sample[], ratios: [] as number[], cpuRatios: [] as number[] };
    run.madge(); // warms the file cache
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? (['madge', 'ficus'] as const) : (['ficus', 'madge'] as const);
      const sample = {} as Record<'madge' | 'ficus', Sample>;
      for (const which of order) sample[which] = run[which]();
      row.madge.push(sample.madge);
      row.ficus.push(sample.ficus);
      row.ratios.push(sample.ficus.ms / sample.madge.ms);
      row.cpuRatios.push(sample.ficus.cpuMs / sample.madge.cpuMs);
      process.stderr.write(`${target.name} (${files.length} files), round ${round + 1}: madge ${Math.round(sample.madge.ms)} ms, ficus ${Math.round(sample.ficus.ms)} ms (load ${load()})\n`);
    }
    rows.push(row);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

const mb = (kb: number) => `${Math.round(kb / 1024)} MB`;
const ms = (xs: Sample[], key: 'ms' | 'cpuMs' = 'ms') => median(xs.map((s) => s[key]));
console.log(`\nficus analyze vs madge alone on the same files (medians of ${rounds} interleaved rounds, ${os.cpus().length} cores, load ${loadAtStart} at start, ${load()} at end)\n`);
console.log('| tree | files | madge | ficus analyze | ficus / madge | CPU: madge | CPU: ficus | CPU ficus / madge | madge peak RSS | ficus peak RSS | ficus ms per file |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.target.name} | ${r.files} | ${Math.round(ms(r.madge))} ms | ${Math.round(ms(r.ficus))} ms | ${median(r.ratios).toFixed(2)}× | ${Math.round(ms(r.madge, 'cpuMs'))} ms | ${Math.round(ms(r.ficus, 'cpuMs'))} ms | ${median(r.cpuRatios).toFixed(2)}× | ${mb(median(r.madge.map((s) => s.maxRssKb)))} | ${mb(median(r.ficus.map((s) => s.maxRssKb)))} | ${(ms(r.ficus) / r.files).toFixed(2)} |`,
  );
}
const synthetic = rows.filter((r) => r.target.synthetic);
if (synthetic.length > 1) {
  const [first, last] = [synthetic[0], synthetic[synthetic.length - 1]];
  const perFile = (r: (typeof rows)[number]) => ms(r.ficus) / r.files;
  console.log(`\ngrowth ${first.files} → ${last.files} files: time per file × ${(perFile(last) / perFile(first)).toFixed(2)} (≤ 1 is linear or better)`);
}

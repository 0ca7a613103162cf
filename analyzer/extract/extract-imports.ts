// The module graph from madge: runtime imports only (type-only imports skipped), cycles, and the
// specifiers madge could not resolve. madge parses every file again, so it runs in a worker thread
// while the main thread parses and extracts tables and routes; the two costs overlap.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { SOURCE_EXTENSIONS } from './list-sources.js';

export interface ImportGraph {
  imports: Map<string, string[]>; // relative path → relative paths it imports (inside the tree)
  cycles: string[][];
  unresolved: Set<string>; // specifiers madge skipped (packages included; the caller filters)
  failure?: string; // madge itself failed; imports then come from ficus's own resolver only
}

interface MadgeOutput {
  tree?: Record<string, string[]>;
  skipped?: string[];
  circular?: string[][];
  failure?: string;
}

// Plain CommonJS so the worker needs no TypeScript loader. A broken tsconfig must not cost the whole
// graph: madge is retried without it.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const madge = require(workerData.madgePath);
const run = (config) => madge(workerData.files, config);
const { tsConfig, ...rest } = workerData.config;
run({ ...rest, tsConfig })
  .catch(() => run(rest))
  .then(
    (res) => parentPort.postMessage({ tree: res.obj(), skipped: res.warnings().skipped, circular: res.circular() }),
    (err) => parentPort.postMessage({ failure: String((err && err.message) || err) }),
  );
`;

/** madge's settings for a tree: runtime imports only, ESM and CommonJS mixed; `bench:analyze` runs madge alone with them too. */
export function madgeConfig(root: string, tsConfig: string | undefined) {
  return {
    baseDir: root,
    fileExtensions: SOURCE_EXTENSIONS.map((e) => e.slice(1)),
    ...(tsConfig ? { tsConfig } : {}),
    detectiveOptions: {
      ts: { skipTypeImports: true, mixedImports: true },
      tsx: { skipTypeImports: true, mixedImports: true },
      es6: { skipTypeImports: true, mixedImports: true },
    },
  };
}

/** Starts madge over exactly the listed files (absolute) in a worker; resolves with the graph. */
export function extractImports(root: string, files: readonly string[], tsConfig: string | undefined): Promise<ImportGraph> {
  const config = madgeConfig(root, tsConfig);
  const madgePath = createRequire(import.meta.url).resolve('madge');
  return new Promise<MadgeOutput>((resolve) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], workerData: { madgePath, files: [...files], config } });
    worker.once('message', (out: MadgeOutput) => {
      resolve(out);
      void worker.terminate();
    });
    worker.once('error', (err) => resolve({ failure: err.message }));
    worker.once('exit', (code) => resolve({ failure: `madge worker exited with code ${code}` })); // no-op after a message
  }).then((out) => toGraph(root, files, out));
}

function toGraph(root: string, files: readonly string[], out: MadgeOutput): ImportGraph {
  if (out.failure || !out.tree) return { imports: new Map(), cycles: [], unresolved: new Set(), failure: out.failure ?? 'no result' };
  const known = new Set(files.map((f) => f.slice(root.length + 1).replace(/\\/g, '/')));
  const imports = new Map<string, string[]>();
  for (const [file, deps] of Object.entries(out.tree)) {
    const rel = file.replace(/\\/g, '/');
    if (!known.has(rel)) continue;
    imports.set(rel, deps.map((d) => d.replace(/\\/g, '/')).filter((d) => known.has(d) && d !== rel));
  }
  const cycles = (out.circular ?? []).map((cycle) => cycle.map((f) => f.replace(/\\/g, '/')));
  return { imports, cycles, unresolved: new Set(out.skipped ?? []) };
}

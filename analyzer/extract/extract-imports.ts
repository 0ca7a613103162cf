// The module graph from madge: runtime imports only (type-only imports skipped), cycles, and the
// specifiers madge could not resolve. madge parses every file again, so it runs in a worker thread
// while the main thread loads the analyzer, parses and extracts tables and routes; the costs overlap.
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

// Plain CommonJS so the worker needs no TypeScript loader. madge is loaded as soon as the worker
// starts, then the worker waits for its tree. A broken tsconfig must not cost the whole graph: madge
// is retried without it.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const madge = require(workerData.madgePath);
parentPort.once('message', ({ files, config }) => {
  const run = (settings) => madge(files, settings);
  const { tsConfig, ...rest } = config;
  run({ ...rest, tsConfig })
    .catch(() => run(rest))
    .then(
      (res) => parentPort.postMessage({ tree: res.obj(), skipped: res.warnings().skipped, circular: res.circular() }),
      (err) => parentPort.postMessage({ failure: String((err && err.message) || err) }),
    );
});
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

/** A madge worker started ahead of its tree; `graph` hands it the tree once, `stop` ends it unused. */
export interface MadgeWorker {
  graph(root: string, files: readonly string[], tsConfig: string | undefined): Promise<ImportGraph>;
  stop(): void;
}

/**
 * Starts the madge worker now: loading madge costs about as much as loading the rest of the
 * analyzer, and the two overlap when the worker starts first. Until `graph` is called the worker
 * holds no reference on the event loop, so one never used cannot keep the process alive.
 */
export function startMadgeWorker(): MadgeWorker {
  const madgePath = createRequire(import.meta.url).resolve('madge');
  const worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], workerData: { madgePath } });
  worker.unref();
  const output = new Promise<MadgeOutput>((resolve) => {
    worker.once('message', (out: MadgeOutput) => {
      resolve(out);
      void worker.terminate();
    });
    worker.once('error', (err) => resolve({ failure: err.message }));
    worker.once('exit', (code) => resolve({ failure: `madge worker exited with code ${code}` })); // no-op after a message
  });
  return {
    graph(root, files, tsConfig) {
      worker.ref();
      worker.postMessage({ files: [...files], config: madgeConfig(root, tsConfig) });
      return output.then((out) => toGraph(root, files, out));
    },
    stop: () => void worker.terminate(),
  };
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

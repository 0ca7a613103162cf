// What the demo's steps share: the options, the work folder's files, and what earlier steps started. A
// step reads what the steps before it set and sets what it starts; nothing else is shared.
import path from 'node:path';
import type { AdminTarget } from '../../gateway/admin/call-admin.js';
import type { BackgroundSync } from '../background-sync.js';
import type { RunningChild } from '../child-process.js';
import type { Cleanup } from '../cleanup.js';

export interface StranglerOptions {
  /** Work folder: reports, databases, logs and the gateway config go here. */
  dir: string;
  /** Shadow comparisons each route needs before the guard lets it take traffic. */
  minSamples: number;
  /** Canary share in percent. */
  canaryPercent: number;
}

export interface DemoRoute {
  id: string;
  path: string;
  methods: string[];
}

export interface DemoContext {
  options: StranglerOptions;
  cleanup: Cleanup;
  file: (name: string) => string;
  /** The monolith's SQLite file and knex URL, and the catalog service's database URL. */
  shopFile: string;
  shopDb: string;
  catalogDb: string;
  monolith?: RunningChild;
  catalog?: RunningChild;
  sync?: BackgroundSync;
  gatewayUrl?: string;
  admin?: AdminTarget;
  readRoutes: DemoRoute[];
  writeRoutes: DemoRoute[];
}

export const SEAM = 'catalog';

export function createDemoContext(options: StranglerOptions, cleanup: Cleanup): DemoContext {
  const file = (name: string) => path.join(options.dir, name);
  return {
    options,
    cleanup,
    file,
    shopFile: file('shop.db'),
    shopDb: `sqlite:${file('shop.db')}`,
    catalogDb: `sqlite:${file('catalog.db')}`,
    readRoutes: [],
    writeRoutes: [],
  };
}

/** What an earlier step must have started; a step that runs without it is a bug in the step order. */
export function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`demo step order: ${what} is not there yet`);
  return value;
}

/** A path as people read it: relative when under the current folder, absolute otherwise. */
export function show(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

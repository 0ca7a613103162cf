// Brings dist/ up to date for the tests, which run the CLI and its child processes from dist/ as a user
// does (node starts a compiled file in ~0.2 s; through tsx it takes 0.5–0.7 s, dozens of times a run).
// esbuild transpiles only the sources newer than their output, so a run after a small edit costs well
// under a second; `npm test` type-checks everything before vitest starts, and `npm run build` (tsc)
// remains how dist/ is built for users.
import { build } from 'esbuild';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

// tsconfig.build.json's folders; tests and declarations are not part of what runs.
const FOLDERS = ['bin', 'common', 'analyzer', 'gateway', 'services', 'demo', 'monolith-fixture'];

function listSources(dir: string, out: string[]): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'generated') continue;
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) listSources(file, out);
    else if (/\.ts$/.test(entry.name) && !/\.(test|d)\.ts$/.test(entry.name)) out.push(file);
  }
  return out;
}

function mtime(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/** Transpiles every source under `root` whose dist/ output is missing or older; returns how many. */
export async function buildDist(root: string): Promise<number> {
  const sources = FOLDERS.flatMap((f) => listSources(path.join(root, f), []));
  const stale = sources.filter((src) => mtime(path.join(root, 'dist', path.relative(root, src)).replace(/\.ts$/, '.js')) < mtime(src));
  if (stale.length === 0) return 0;
  await build({
    entryPoints: stale,
    outdir: path.join(root, 'dist'),
    outbase: root,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    logLevel: 'error',
  });
  return stale.length;
}

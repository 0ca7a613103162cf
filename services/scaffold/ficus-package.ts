// Where the running ficus lives and how a generated service should depend on it: `file:<relative path>`
// when ficus runs from a checkout, `^<version>` when it was installed from a registry.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface PackageJson {
  name?: string;
  version?: string;
  engines?: { node?: string };
  devDependencies?: Record<string, string>;
}

const DEV_TOOLS = ['@types/node', 'tsx', 'typescript', 'vitest'];

/** The folder of ficus's package.json, found upwards from this module (sources or dist/). */
export function ficusPackageRoot(from = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as PackageJson).name === 'ficus') return dir;
    if (path.dirname(dir) === dir) throw new Error(`ficus's package.json not found above ${from}`);
  }
}

/** The versions a generated package.json pins: ficus itself, node, and the dev tools ficus is built with. */
export function ficusVersions(outDir: string, override?: string): { ficus: string; node: string; dev: Record<string, string> } {
  const root = ficusPackageRoot();
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as PackageJson;
  const installed = root.split(path.sep).includes('node_modules');
  const rel = path.relative(outDir, root).split(path.sep).join('/') || '.';
  const ficus = override ?? (installed ? `^${pkg.version}` : `file:${rel}`);
  const dev = Object.fromEntries(DEV_TOOLS.map((name) => [name, pkg.devDependencies?.[name] ?? 'latest']));
  return { ficus, node: pkg.engines?.node ?? '>=20', dev };
}

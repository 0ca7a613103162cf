// Where the demo finds the package and how it starts a component as its own process: from dist/ when
// ficus runs compiled (`npx ficus demo`), through tsx when it runs from source (tests, `npx tsx bin/ficus.ts`).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DemoError } from './errors.js';

const here = fileURLToPath(import.meta.url);
const fromSource = here.endsWith('.ts');

/** The package root (where package.json and monolith-fixture/ live), from demo/ or dist/demo/. */
export const packageRoot = path.resolve(path.dirname(here), fromSource ? '..' : path.join('..', '..'));

/** The fixture's sources, which the analyzer reads. */
export const fixtureDir = path.join(packageRoot, 'monolith-fixture');

/** `node <entry>` for a module path without extension, e.g. `services/catalog/server`. */
export function entryCommand(modulePath: string): { command: string; args: string[]; file: string } {
  const file = fromSource ? path.join(packageRoot, `${modulePath}.ts`) : path.join(packageRoot, 'dist', `${modulePath}.js`);
  if (!existsSync(file)) throw new DemoError('FICUS_DEMO_BUILD_MISSING', `${path.relative(packageRoot, file)} is missing (run npm run build)`);
  return { command: process.execPath, args: fromSource ? ['--import', 'tsx', file] : [file], file };
}

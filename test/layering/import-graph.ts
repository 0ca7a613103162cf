// The relative imports of ficus's own sources, as plain data: one edge per import, with its line.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface ImportEdge {
  from: string; // importing file, relative to the root, forward slashes
  to: string; // imported file, same form (the .js of a specifier mapped back to .ts)
  line: number;
  typeOnly: boolean;
}

const SOURCE_FOLDERS = ['bin', 'common', 'analyzer', 'gateway', 'services', 'demo', 'monolith-fixture'];
const IMPORT = /^\s*(import|export)\s+(type\s+)?[^'";]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;

function listSources(root: string, dir: string, out: string[]): string[] {
  for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'generated' || entry.name === 'test') continue;
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) listSources(root, rel, out);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

/** Every import in `files` (relative to `root`; default: all sources) of a module outside node_modules. */
export function readImports(root: string, files: readonly string[] = SOURCE_FOLDERS.flatMap((f) => listSources(root, f, []))): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const from of files) {
    const text = readFileSync(path.join(root, from), 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[3] ?? m[4] ?? m[5];
      const line = text.slice(0, m.index).split('\n').length;
      if (spec.startsWith('.')) {
        const to = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec)).replace(/\.js$/, '.ts');
        edges.push({ from, to, line, typeOnly: Boolean(m[2]) });
      } else {
        edges.push({ from, to: spec, line, typeOnly: Boolean(m[2]) }); // a package or node: builtin
      }
    }
  }
  return edges;
}

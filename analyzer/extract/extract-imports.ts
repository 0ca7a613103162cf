// The module graph from madge: runtime imports only (type-only imports skipped), cycles, and the
// specifiers madge could not resolve.
import madge from 'madge';
import { SOURCE_EXTENSIONS } from './list-sources.js';

export interface ImportGraph {
  imports: Map<string, string[]>; // relative path → relative paths it imports (inside the tree)
  cycles: string[][];
  unresolved: Set<string>; // specifiers madge skipped (packages included; the caller filters)
  failure?: string; // madge itself failed; imports then come from ficus's own resolver only
}

/** Runs madge over exactly the listed files (absolute), with the root's tsconfig when there is one. */
export async function extractImports(root: string, files: readonly string[], tsConfig: string | undefined): Promise<ImportGraph> {
  const known = new Set(files.map((f) => toRel(root, f)));
  const run = (withTsConfig: boolean) =>
    madge([...files], {
      baseDir: root,
      fileExtensions: SOURCE_EXTENSIONS.map((e) => e.slice(1)),
      ...(withTsConfig && tsConfig ? { tsConfig } : {}),
      detectiveOptions: {
        ts: { skipTypeImports: true, mixedImports: true },
        tsx: { skipTypeImports: true, mixedImports: true },
        es6: { skipTypeImports: true, mixedImports: true },
      },
    });
  let result;
  try {
    result = await run(true);
  } catch (err) {
    try {
      result = await run(false); // a broken tsconfig must not cost the whole graph
    } catch (err2) {
      return { imports: new Map(), cycles: [], unresolved: new Set(), failure: (err2 as Error).message ?? String(err) };
    }
  }
  const imports = new Map<string, string[]>();
  for (const [file, deps] of Object.entries(result.obj())) {
    const rel = file.replace(/\\/g, '/');
    if (!known.has(rel)) continue;
    imports.set(rel, deps.map((d) => d.replace(/\\/g, '/')).filter((d) => known.has(d) && d !== rel));
  }
  const cycles = result.circular().map((cycle) => cycle.map((f) => f.replace(/\\/g, '/')));
  return { imports, cycles, unresolved: new Set(result.warnings().skipped) };
}

function toRel(root: string, abs: string): string {
  return abs.slice(root.length + 1).replace(/\\/g, '/');
}

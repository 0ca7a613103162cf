// The line of the import statement that brings `target` into `file`, found by resolving each relative
// specifier in the source text (the facts keep imports per module, without lines).
import path from 'node:path';

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)(['"])([^'"\n]+)\1/g;
const EXTENSION = /\.(?:[cm]?[jt]sx?)$/;

/** 1-based line of the import of `target` in `source` (the text of `file`), or undefined when not found. */
export function findImportLine(source: string, file: string, target: string): number | undefined {
  const wanted = new Set([strip(target), strip(target).replace(/\/index$/, '')]);
  const lines = source.split('\n');
  for (let i = 0; i < lines.length; i++) {
    for (const match of lines[i].matchAll(SPECIFIER)) {
      const spec = match[2];
      if (!spec.startsWith('.')) continue;
      const resolved = strip(path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)));
      if (wanted.has(resolved) || wanted.has(resolved.replace(/\/$/, ''))) return i + 1;
    }
  }
  return undefined;
}

function strip(p: string): string {
  return p.replace(EXTENSION, '');
}

// Finds the files to analyse under a root: JS/TS sources (modules) and .sql files (schema only).
// Never throws for one bad entry: binary, oversized, unreadable files and symlink loops become
// SKIPPED_FILE diagnostics so the rest of the tree is still analysed.
import { readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../types.js';

export const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const SQL_EXTENSION = '.sql';
const PRISMA_EXTENSION = '.prisma'; // Prisma schemas: model → table maps
const SKIPPED_DIRS = new Set(['node_modules']);
const SKIPPED_ROOT_DIRS = new Set(['dist', 'build', 'coverage', 'out']);

export interface SourceFile {
  rel: string; // relative to the root, forward slashes
  abs: string;
  text: string;
}

export interface SourceListing {
  sources: SourceFile[]; // JS/TS modules, sorted by path
  sqlFiles: SourceFile[];
  prismaFiles: SourceFile[];
  testFiles: number; // test, spec, mock and fixture sources left out
  diagnostics: Diagnostic[];
}

export interface ListSourcesOptions {
  maxFileBytes: number;
  ignore: readonly string[]; // root-relative folders or files
  includeTests?: boolean; // keep test code (`--include-tests`)
}

// Test code is not application code: its mock routers and throwaway tables would become facts.
const TEST_DIRS = new Set(['test', 'tests', '__tests__', '__mocks__', 'e2e', 'fixtures', '__fixtures__', 'spec', 'specs']);
const TEST_FILE = /\.(test|spec|e2e|fixture|fixtures|mock)\.[cm]?[jt]sx?$/;

/** True for a root-relative path that is test, spec, mock or fixture code. */
export function isTestPath(rel: string): boolean {
  const parts = rel.split('/');
  return TEST_FILE.test(parts[parts.length - 1]) || parts.slice(0, -1).some((p) => TEST_DIRS.has(p));
}

/** Walks `root` (absolute), skipping node_modules, dot-folders, root build output and `.d.ts` files. */
export function listSources(root: string, options: ListSourcesOptions): SourceListing {
  const listing: SourceListing = { sources: [], sqlFiles: [], prismaFiles: [], testFiles: 0, diagnostics: [] };
  const ignored = options.ignore.map((p) => p.replace(/^\.\//, '').replace(/\/+$/, ''));
  const seenFiles = new Set<string>();
  const skip = (rel: string, message: string) => listing.diagnostics.push({ file: rel, code: 'SKIPPED_FILE', message });

  const walk = (dirAbs: string, dirRel: string, ancestors: Set<string>) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dirAbs, { withFileTypes: true });
    } catch (err) {
      skip(dirRel, `cannot read folder: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const abs = path.join(dirAbs, entry.name);
      const rel = dirRel ? `${dirRel}/${entry.name}` : entry.name;
      if (ignored.some((p) => rel === p || rel.startsWith(`${p}/`))) continue;
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const target = statSync(abs);
          isDir = target.isDirectory();
          isFile = target.isFile();
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          skip(rel, code === 'ELOOP' ? 'symlink loop' : `broken symlink (${code ?? 'unreadable'})`);
          continue;
        }
      }
      if (isDir) {
        if (entry.name.startsWith('.') || SKIPPED_DIRS.has(entry.name) || (!dirRel && SKIPPED_ROOT_DIRS.has(entry.name))) continue;
        const real = safeRealpath(abs);
        if (!real || ancestors.has(real)) {
          skip(rel, 'symlink loop: this folder links back to one of its parents');
          continue;
        }
        walk(abs, rel, new Set([...ancestors, real]));
      } else if (isFile) {
        const ext = path.extname(entry.name);
        const isSql = ext === SQL_EXTENSION;
        const isPrisma = ext === PRISMA_EXTENSION;
        if (!isSql && !isPrisma && (!SOURCE_EXTENSIONS.includes(ext) || /\.d\.[mc]?ts$/.test(entry.name))) continue;
        if (!isSql && !isPrisma && !options.includeTests && isTestPath(rel)) {
          listing.testFiles++;
          continue;
        }
        const real = safeRealpath(abs) ?? abs;
        if (seenFiles.has(real)) continue; // the same file reached through a symlink
        seenFiles.add(real);
        const file = readSource(abs, rel, options.maxFileBytes, skip);
        if (file) (isSql ? listing.sqlFiles : isPrisma ? listing.prismaFiles : listing.sources).push(file);
      }
    }
  };

  walk(root, '', new Set([safeRealpath(root) ?? root]));
  return listing;
}

function readSource(abs: string, rel: string, maxBytes: number, skip: (rel: string, message: string) => void): SourceFile | undefined {
  try {
    const size = statSync(abs).size;
    if (size > maxBytes) {
      skip(rel, `file is ${size} bytes, over the ${maxBytes}-byte limit (generated or bundled code?); raise maxFileBytes in ficus.config.yaml to include it`);
      return undefined;
    }
    const buffer = readFileSync(abs);
    if (buffer.subarray(0, 8192).includes(0)) {
      skip(rel, 'binary file');
      return undefined;
    }
    return { rel, abs, text: buffer.toString('utf8') };
  } catch (err) {
    skip(rel, `cannot read file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    return undefined;
  }
}

function safeRealpath(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

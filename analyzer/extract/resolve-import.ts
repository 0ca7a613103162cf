// Resolves an import specifier to a source file of the analysed tree, the way TypeScript does
// (relative paths, `.js` → `.ts`, index files, tsconfig `paths`), without touching node_modules.
// The tsconfig is the nearest one at or above the analysed folder (or the one given), `extends`
// followed; an alias may lead out of the analysed folder, to a file that is then external.
import { existsSync } from 'node:fs';
import path from 'node:path';
import ts from './typescript.cjs';

export type ResolveImport = (specifier: string, fromAbs: string) => string | undefined;

/**
 * Resolves with the tsconfig's `paths`/`baseUrl`/`moduleResolution`; absolute paths in and out. A
 * file outside `root` comes back as its path too: the caller tells it from an analysed file.
 */
export function createImportResolver(root: string, knownFiles: ReadonlySet<string>, tsconfig?: string): ResolveImport {
  const options = readCompilerOptions(root, tsconfig);
  const inside = (f: string) => f === root || f.startsWith(root + path.sep);
  const host: ts.ModuleResolutionHost = {
    fileExists: (f) => knownFiles.has(f) || (!inside(f) && !f.includes(`${path.sep}node_modules${path.sep}`) && ts.sys.fileExists(f)),
    readFile: (f) => ts.sys.readFile(f),
    directoryExists: (d) => !d.includes(`${path.sep}node_modules`) && ts.sys.directoryExists(d),
    realpath: (f) => f,
  };
  const cache = ts.createModuleResolutionCache(root, (f) => f, options);
  // Lenient second try: CommonJS-style extensionless imports in a project configured for NodeNext.
  const lenient: ts.CompilerOptions = { ...options, moduleResolution: ts.ModuleResolutionKind.Node10 };
  const lenientCache = ts.createModuleResolutionCache(root, (f) => f, lenient);
  const memo = new Map<string, string | undefined>();
  return (specifier, fromAbs) => {
    const key = `${path.dirname(fromAbs)}\0${specifier}`;
    if (memo.has(key)) return memo.get(key);
    const mode = /\.(c[jt]s)$/.test(fromAbs) ? ts.ModuleKind.CommonJS : ts.ModuleKind.ESNext;
    const resolved =
      ts.resolveModuleName(specifier, fromAbs, options, host, cache, undefined, mode).resolvedModule ??
      ts.resolveModuleName(specifier, fromAbs, lenient, host, lenientCache).resolvedModule;
    const name = resolved?.resolvedFileName;
    const file = name && (knownFiles.has(name) || (!inside(name) && !resolved!.isExternalLibraryImport)) ? name : undefined;
    memo.set(key, file);
    return file;
  };
}

/** True for specifiers that name a file of the project (relative, absolute or a tsconfig path alias). */
export function isLocalSpecifier(specifier: string, aliasPrefixes: readonly string[]): boolean {
  return specifier.startsWith('.') || specifier.startsWith('/') || aliasPrefixes.some((p) => specifier.startsWith(p));
}

/** The literal prefixes of tsconfig `paths` keys (`@app/*` → `@app/`), to tell aliases from packages. */
export function readAliasPrefixes(root: string, tsconfig?: string): string[] {
  const paths = readCompilerOptions(root, tsconfig).paths ?? {};
  return Object.keys(paths).map((k) => k.replace(/\*.*$/, ''));
}

/** The given tsconfig, else the nearest `tsconfig.json` (or `jsconfig.json`) at or above `root`, as TypeScript looks. */
export function findTsConfig(root: string, given?: string): string | undefined {
  if (given) return path.resolve(given);
  for (let dir = root; ; dir = path.dirname(dir)) {
    for (const name of ['tsconfig.json', 'jsconfig.json']) if (existsSync(path.join(dir, name))) return path.join(dir, name);
    if (path.dirname(dir) === dir) return undefined;
  }
}

const optionsCache = new Map<string, ts.CompilerOptions>();

function readCompilerOptions(root: string, given?: string): ts.CompilerOptions {
  const key = `${root}\0${given ?? ''}`;
  const cached = optionsCache.get(key);
  if (cached) return cached;
  let options: ts.CompilerOptions = {};
  const file = findTsConfig(root, given);
  if (file) {
    const json = ts.readConfigFile(file, ts.sys.readFile);
    // Relative to the tsconfig's own folder, `extends` followed, as tsc reads it.
    if (json.config) options = ts.parseJsonConfigFileContent(json.config, ts.sys, path.dirname(file), undefined, file).options;
  }
  const resolution = options.moduleResolution;
  const modern = resolution === ts.ModuleResolutionKind.Node16 || resolution === ts.ModuleResolutionKind.NodeNext || resolution === ts.ModuleResolutionKind.Bundler;
  // Node10 resolution also accepts extensionless and directory imports, which CommonJS code uses.
  const result: ts.CompilerOptions = { ...options, allowJs: true, moduleResolution: modern ? resolution : ts.ModuleResolutionKind.Node10 };
  optionsCache.set(key, result);
  return result;
}

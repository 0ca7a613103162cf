// Resolves an import specifier to a source file of the analysed tree, the way TypeScript does
// (relative paths, `.js` → `.ts`, index files, tsconfig `paths`), without touching node_modules.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ts } from 'ts-morph';

export type ResolveImport = (specifier: string, fromAbs: string) => string | undefined;

/** Reads `<root>/tsconfig.json` (if any) for `paths`/`baseUrl`/`moduleResolution`; absolute paths in and out. */
export function createImportResolver(root: string, knownFiles: ReadonlySet<string>): ResolveImport {
  const options = readCompilerOptions(root);
  const host: ts.ModuleResolutionHost = {
    fileExists: (f) => knownFiles.has(f),
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
    const file = resolved && knownFiles.has(resolved.resolvedFileName) ? resolved.resolvedFileName : undefined;
    memo.set(key, file);
    return file;
  };
}

/** True for specifiers that name a file of the project (relative, absolute or a tsconfig path alias). */
export function isLocalSpecifier(specifier: string, aliasPrefixes: readonly string[]): boolean {
  return specifier.startsWith('.') || specifier.startsWith('/') || aliasPrefixes.some((p) => specifier.startsWith(p));
}

/** The literal prefixes of tsconfig `paths` keys (`@app/*` → `@app/`), to tell aliases from packages. */
export function readAliasPrefixes(root: string): string[] {
  const paths = readCompilerOptions(root).paths ?? {};
  return Object.keys(paths).map((k) => k.replace(/\*.*$/, ''));
}

export function findTsConfig(root: string): string | undefined {
  const file = path.join(root, 'tsconfig.json');
  return existsSync(file) ? file : undefined;
}

const optionsCache = new Map<string, ts.CompilerOptions>();

function readCompilerOptions(root: string): ts.CompilerOptions {
  const cached = optionsCache.get(root);
  if (cached) return cached;
  let options: ts.CompilerOptions = {};
  const file = findTsConfig(root);
  if (file) {
    const json = ts.readConfigFile(file, ts.sys.readFile);
    if (json.config) options = ts.parseJsonConfigFileContent(json.config, ts.sys, root, undefined, file).options;
  }
  const resolution = options.moduleResolution;
  const modern = resolution === ts.ModuleResolutionKind.Node16 || resolution === ts.ModuleResolutionKind.NodeNext || resolution === ts.ModuleResolutionKind.Bundler;
  // Node10 resolution also accepts extensionless and directory imports, which CommonJS code uses.
  const result: ts.CompilerOptions = { ...options, allowJs: true, moduleResolution: modern ? resolution : ts.ModuleResolutionKind.Node10 };
  optionsCache.set(root, result);
  return result;
}

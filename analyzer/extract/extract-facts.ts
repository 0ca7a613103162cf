// Stage 1 of the analyzer: everything the source tree says, as plain data (Facts). Each extractor
// runs per file inside its own guard, so one file that breaks an extractor costs that file only.
import { performance } from 'node:perf_hooks';
import type { AnalyzerConfig } from '../config.js';
import type { Diagnostic, Facts, ForeignKey, ModuleFacts, TableAccess, TableAccessSite } from '../types.js';
import { resolveActiveRecordQueries } from './tables/active-record.js';
import { extractFileForeignKeys, extractSqlFileForeignKeys } from './extract-foreign-keys.js';
import { startMadgeWorker, type MadgeWorker } from './extract-imports.js';
import { extractRoutes } from './extract-routes.js';
import { extractHandlers } from './extract-handlers.js';
import { extractDynamicLoads } from './extract-dynamic-loads.js';
import { findServerEntries } from './find-server-entries.js';
import { extractFileTables } from './tables/extract-tables.js';
import { createKnexHandles } from './tables/knex-handle.js';
import { createOrmModels } from './tables/orm-models.js';
import { readPrismaModels } from './tables/prisma-schema.js';
import { resolveConstructions, resolveSubclassTables } from './tables/resolve-constructions.js';
import type { FileTableFindings } from './tables/table-findings.js';
import { indexFile, type FileIndex } from './index-file.js';
import { listSources } from './list-sources.js';
import { parseSources } from './parse-sources.js';
import { createImportResolver, findTsConfig, isLocalSpecifier, readAliasPrefixes } from './resolve-import.js';
import { createSymbols } from './symbols.js';

export interface ExtractOptions {
  config: AnalyzerConfig;
  includeTests?: boolean; // `--include-tests`: test, spec, mock and fixture files are analysed too
  tsconfig?: string; // `--tsconfig`: default the nearest tsconfig.json at or above the root
  madge?: MadgeWorker; // started ahead by the caller (the CLI, before loading the analyzer), who stops it
}

export type ProgressPhase = 'list' | 'parse' | 'imports' | 'tables' | 'routes' | 'foreign keys';
/** Called as extraction advances; `done` of `total` files in the phase. */
export type Progress = (phase: ProgressPhase, done: number, total: number) => void;

/** Reads `root` (absolute) into Facts. Never throws for a bad file: it becomes a diagnostic. */
export async function extractFacts(root: string, options: ExtractOptions, progress: Progress = () => {}): Promise<Facts> {
  const started = performance.now();
  const { config } = options;
  progress('list', 0, 1);
  const listing = listSources(root, { maxFileBytes: config.maxFileBytes, ignore: config.ignore, includeTests: options.includeTests });
  const diagnostics: Diagnostic[] = [...listing.diagnostics];
  if (listing.sources.length === 0 && listing.sqlFiles.length === 0) {
    diagnostics.push({ file: '', code: 'NO_SOURCES', message: 'no JavaScript, TypeScript or SQL files found under this folder' });
  }

  // madge runs in a worker meanwhile; its graph is awaited once tables and routes are done.
  const importGraph = listing.sources.length ? (options.madge ?? startMadgeWorker()).graph(root, listing.sources.map((s) => s.abs), findTsConfig(root, options.tsconfig)) : undefined;

  progress('parse', 0, listing.sources.length);
  const { parsed, diagnostics: parseDiagnostics } = parseSources(listing.sources);
  diagnostics.push(...parseDiagnostics);
  const resolveImport = createImportResolver(root, new Set(listing.sources.map((s) => s.abs)), options.tsconfig);
  const files = new Map<string, FileIndex>();
  for (const { source, sf } of parsed) {
    guard(diagnostics, source.rel, () => files.set(source.abs, indexFile(source.rel, source.abs, sf, resolveImport)));
  }

  const symbols = createSymbols(files);
  const entryPoints = guard(diagnostics, '', () => findServerEntries(root, files)) ?? [];
  const handles = createKnexHandles(symbols, config.helpers.knex);
  const prismaModels = listing.prismaFiles.flatMap((f) => guard(diagnostics, f.rel, () => readPrismaModels([f])) ?? []);
  const models = createOrmModels(symbols, prismaModels);

  const tableFindings: FileTableFindings[] = [];
  const foreignKeys: ForeignKey[] = [];
  let done = 0;
  for (const file of files.values()) {
    progress('tables', done++, files.size);
    guard(diagnostics, file.rel, () => {
      const found = extractFileTables(file, symbols, handles, models, config.helpers);
      tableFindings.push(found);
      diagnostics.push(...found.diagnostics);
    });
    guard(diagnostics, file.rel, () => foreignKeys.push(...extractFileForeignKeys(file, symbols)));
  }
  for (const sql of listing.sqlFiles) guard(diagnostics, sql.rel, () => foreignKeys.push(...extractSqlFileForeignKeys(sql)));
  const constructed = resolveConstructions(tableFindings, symbols);
  const subclassed = resolveSubclassTables(tableFindings.flatMap((f) => f.subclassTables), symbols);
  diagnostics.push(...constructed.diagnostics, ...subclassed.diagnostics);
  const activeRecord = guard(diagnostics, '', () => resolveActiveRecordQueries(tableFindings.flatMap((f) => f.staticQueryMethods), symbols)) ?? [];
  const accesses = [...tableFindings.flatMap((f) => f.accesses), ...constructed.accesses, ...subclassed.accesses, ...activeRecord];
  const catalogReads = tableFindings.flatMap((f) => f.catalogReads);

  progress('routes', 0, files.size);
  const routes = guard(diagnostics, '', () => extractRoutes(symbols));
  if (routes) diagnostics.push(...routes.diagnostics);

  const handlers = [...files.values()].flatMap((file) => guard(diagnostics, file.rel, () => extractHandlers(file.rel, file.sf)) ?? []);

  // Whatever does not need madge's graph is done before waiting for it.
  const folders = new Set([...files.values()].flatMap((f) => ancestors(f.rel)));
  const loadsByFile = new Map([...files.values()].map((file) => [file.rel, guard(diagnostics, file.rel, () => extractDynamicLoads(file.rel, file.sf, folders)) ?? []]));
  const aliasPrefixes = readAliasPrefixes(root, options.tsconfig);
  const sitesByFile = new Map<string, TableAccessSite[]>();
  for (const a of accesses) sitesByFile.get(a.file)?.push(a) ?? sitesByFile.set(a.file, [a]);

  progress('imports', 0, 1);
  const graph = await importGraph;
  if (graph?.failure) diagnostics.push({ file: '', code: 'UNRESOLVED_IMPORT', message: `madge failed (${graph.failure}); imports come from ficus's own resolver` });
  let externalImports = 0;
  const modules: ModuleFacts[] = [...files.values()].map((file) => {
    const imports = new Set(graph?.imports.get(file.rel) ?? []);
    for (const { specifier, line, target } of file.specifiers) {
      const targetFile = target ? files.get(target) : undefined;
      if (target && !targetFile) {
        externalImports++; // an alias leading out of the analysed folder: external, not unresolved
        continue;
      }
      const madgeMissed = !graph || graph.failure || graph.unresolved.has(specifier);
      if (!madgeMissed || !isLocalSpecifier(specifier, aliasPrefixes)) continue;
      if (targetFile) imports.add(targetFile.rel);
      else diagnostics.push({ file: file.rel, line, code: 'UNRESOLVED_IMPORT', message: `cannot resolve import '${specifier}'` });
    }
    imports.delete(file.rel);
    const loads = loadsByFile.get(file.rel) ?? [];
    return {
      path: file.rel,
      loc: countLoc(file.sf.text),
      imports: [...imports].sort(),
      tables: foldAccesses(sitesByFile.get(file.rel) ?? []),
      ...(loads.length ? { loads } : {}),
    };
  });

  return {
    root,
    modules: modules.sort((a, b) => (a.path < b.path ? -1 : 1)),
    accesses: dedupeSites(accesses),
    routes: routes?.routes ?? [],
    handlers,
    foreignKeys: dedupeForeignKeys(foreignKeys),
    catalogReads,
    cycles: graph?.cycles ?? [],
    entryPoints,
    diagnostics: sortDiagnostics(diagnostics),
    stats: {
      files: listing.sources.length + listing.sqlFiles.length,
      testFiles: listing.testFiles,
      externalImports,
      durationMs: Math.round(performance.now() - started),
      styles: { data: [...new Set(tableFindings.flatMap((f) => [...f.styles]))].sort(), routes: routes?.styles ?? [] },
    },
  };
}

/** Per-table read/write union over a module's access sites, sorted by table name. */
export function foldAccesses(sites: readonly TableAccess[]): TableAccess[] {
  const byTable = new Map<string, TableAccess>();
  for (const s of sites) {
    const prev = byTable.get(s.table);
    byTable.set(s.table, { table: s.table, read: s.read || !!prev?.read, write: s.write || !!prev?.write });
  }
  return [...byTable.values()].sort((a, b) => (a.table < b.table ? -1 : 1));
}

// An extractor that throws on one file becomes a diagnostic for that file; the rest go on.
function guard<T>(diagnostics: Diagnostic[], file: string, run: () => T): T | undefined {
  try {
    return run();
  } catch (err) {
    diagnostics.push({ file, code: 'EXTRACT_ERROR', message: `analysis failed here: ${(err as Error).message?.split('\n')[0] ?? String(err)}` });
    return undefined;
  }
}

/** `a/b/c.ts` → `a`, `a/b`. */
function ancestors(rel: string): string[] {
  const parts = rel.split('/').slice(0, -1);
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

function countLoc(text: string): number {
  let loc = 0;
  for (const line of text.split('\n')) if (line.trim()) loc++;
  return loc;
}

function dedupeSites(sites: TableAccessSite[]): TableAccessSite[] {
  const seen = new Set<string>();
  return sites.filter((s) => {
    const id = `${s.file}:${s.line}:${s.table}:${s.read}:${s.write}:${s.site?.file}:${s.site?.line}`;
    return seen.has(id) ? false : (seen.add(id), true);
  });
}

function dedupeForeignKeys(keys: ForeignKey[]): ForeignKey[] {
  const seen = new Set<string>();
  return keys.filter((k) => {
    const id = `${k.table}.${k.column}>${k.references.table}.${k.references.column}`;
    return seen.has(id) ? false : (seen.add(id), true);
  });
}

function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return list.sort((a, b) => (a.file === b.file ? (a.line ?? 0) - (b.line ?? 0) : a.file < b.file ? -1 : 1));
}

// `ficus analyze`, top to bottom: extract → graph → seams → report. Stages hand plain data on.
import { statSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE, loadAnalyzerConfig } from './config.js';
import { AnalyzerError } from './errors.js';
import { extractFacts, type Progress } from './extract/extract-facts.js';
import type { MadgeWorker } from './extract/extract-imports.js';
import { addCoChanges } from './extract/git-history.js';
import { buildModuleGraph } from './graph/build-module-graph.js';
import { chooseEntryPoints } from './graph/choose-entry-points.js';
import { renderGatewayDraft } from './report/gateway-draft.js';
import { renderHtml } from './report/html.js';
import { toReport, writeJsonReport, type SeamResult } from './report/json.js';
import { renderMarkdown } from './report/markdown.js';
import { writeTextReport } from './report/write-text-report.js';
import { suggestSeams } from './seams/suggest-seams.js';
import type { Report } from './types.js';

import { REPORT_FORMATS, type ReportFormat } from './report/formats.js';

export { REPORT_FORMATS, type ReportFormat };

export interface AnalyzeOptions {
  dir: string; // the folder to analyse, as the user gave it
  outDir?: string; // where reports go; nothing is written without it
  formats?: readonly ReportFormat[];
  seams?: number; // `--seams n`: ask for about n seams
  history?: boolean; // `--history`: weigh co-change from git history
  configFile?: string; // `--config`; default <dir>/ficus.config.yaml when present
  includeTests?: boolean; // `--include-tests`: analyse test, spec, mock and fixture files too
  tsconfig?: string; // `--tsconfig`: default the nearest tsconfig.json at or above dir
  madge?: MadgeWorker; // madge's worker, started ahead by the caller (who stops it); else one is started here
  progress?: Progress;
}

export interface AnalyzeResult {
  report: Report;
  written: string[]; // files written, in order
}

/** Analyses a monolith's folder and writes its reports. Throws AnalyzerError (with `code`) for a bad folder or config. */
export async function analyze(options: AnalyzeOptions): Promise<AnalyzeResult> {
  const root = resolveRoot(options.dir);
  const config = loadAnalyzerConfig(root, options.configFile);

  const extracted = await extractFacts(root, { config, includeTests: options.includeTests, tsconfig: options.tsconfig, madge: options.madge }, options.progress); // imports, tables, routes, fks, entry points
  const withHistory = options.history ? await addCoChanges(extracted) : extracted; // git co-change
  const facts = chooseEntryPoints(withHistory, config.entry, options.configFile ?? CONFIG_FILE); // `entry` overrides detection
  const graph = buildModuleGraph(facts, { infrastructure: config.infrastructure }); // server modules only, weighted edges, hubs set aside
  const seams: SeamResult = suggestSeams(graph, { seams: options.seams, pins: config.pins }); // clusters, metrics, order
  const report = toReport(facts, seams, { rootLabel: options.dir });

  const written = options.outDir ? writeReports(report, options.outDir, options.formats ?? REPORT_FORMATS) : [];
  return { report, written };
}

function writeReports(report: Report, outDir: string, formats: readonly ReportFormat[]): string[] {
  const written: string[] = [];
  if (formats.includes('json')) written.push(writeJsonReport(report, outDir));
  if (formats.includes('md')) written.push(writeTextReport(outDir, 'ficus-report.md', renderMarkdown(report)));
  if (formats.includes('html')) written.push(writeTextReport(outDir, 'ficus-report.html', renderHtml(report)));
  written.push(writeTextReport(outDir, 'gateway.draft.yaml', renderGatewayDraft(report)));
  return written;
}

function resolveRoot(dir: string): string {
  const root = path.resolve(dir);
  let isDir = false;
  try {
    isDir = statSync(root).isDirectory();
  } catch {
    // reported below
  }
  if (!isDir) throw new AnalyzerError('FICUS_ANALYZE_NO_DIR', `${dir}: no such directory`);
  return root;
}

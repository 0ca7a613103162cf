// `ficus analyze`, top to bottom: extract → graph → seams → report. Stages hand plain data on.
import { statSync } from 'node:fs';
import path from 'node:path';
import { loadAnalyzerConfig } from './config.js';
import { AnalyzerError } from './errors.js';
import { extractFacts, type Progress } from './extract/extract-facts.js';
import { toReport, writeJsonReport, type SeamResult } from './report/json.js';
import type { Report } from './types.js';

export const REPORT_FORMATS = ['json', 'md', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface AnalyzeOptions {
  dir: string; // the folder to analyse, as the user gave it
  outDir?: string; // where reports go; nothing is written without it
  formats?: readonly ReportFormat[];
  seams?: number; // `--seams n`: ask for about n seams
  history?: boolean; // `--history`: weigh co-change from git history
  configFile?: string; // `--config`; default <dir>/ficus.config.yaml when present
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

  const facts = await extractFacts(root, { config }, options.progress); // imports, tables, routes, fks
  // Graph and seams stages go here: buildModuleGraph(facts, …) → suggestSeams(graph, { seams: options.seams }).
  const seams: SeamResult | undefined = undefined;
  const report = toReport(facts, seams, { rootLabel: options.dir });

  const written = options.outDir ? writeReports(report, options.outDir, options.formats ?? REPORT_FORMATS) : [];
  return { report, written };
}

function writeReports(report: Report, outDir: string, formats: readonly ReportFormat[]): string[] {
  const written: string[] = [];
  if (formats.includes('json')) written.push(writeJsonReport(report, outDir));
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

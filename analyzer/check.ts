// `ficus check <dir> --plan ficus-report.json`, top to bottom: read the plan, re-extract the tree with the
// same config, place today's modules on the plan's seams, list what crosses a boundary anew.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadAnalyzerConfig } from './config.js';
import { extractFacts } from './extract/extract-facts.js';
import { checkPlan, type PlanCheck } from './seams/check-plan.js';
import { PlanError, readPlan } from './seams/read-plan.js';

export interface RunCheckOptions {
  dir: string;
  plan: string; // path of the plan's ficus-report.json
  configFile?: string;
}

/** Checks a tree against a plan; throws PlanError (exit 2) for a missing folder or an unreadable plan. */
export async function runCheck(options: RunCheckOptions): Promise<PlanCheck & { seams: number; modules: number }> {
  const root = path.resolve(options.dir);
  if (!isDirectory(root)) throw new PlanError('FICUS_CHECK_NO_DIR', `${options.dir}: no such directory`);
  const plan = readPlan(options.plan);
  const config = loadAnalyzerConfig(root, options.configFile);
  const facts = await extractFacts(root, { config });
  const result = checkPlan(plan, facts, (file) => readSource(root, file));
  return { ...result, seams: plan.seams.length, modules: facts.modules.length };
}

function readSource(root: string, file: string): string | undefined {
  try {
    return readFileSync(path.join(root, file), 'utf8');
  } catch {
    return undefined; // the violation is still reported, at line 1
  }
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

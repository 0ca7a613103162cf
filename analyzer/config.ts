// ficus.config.yaml at the analysed root (or --config): what the analyzer cannot guess on its own,
// chiefly the team's own data-access helpers. One strict zod schema; types are inferred from it.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { problemsFromIssues } from '../common/config-problem.js';
import { AnalyzerConfigError, AnalyzerError } from './errors.js';

export const CONFIG_FILE = 'ficus.config.yaml';

// `call` is matched against the end of the callee's dotted name: `R.find` matches `R.find(...)` and
// `this.R.find(...)`; a bare `query` matches any `x.query(...)` and `query(...)`.
const callName = z.string().regex(/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/, 'must be a dotted call name like R.find');

const tableHelperSchema = z.strictObject({
  call: callName,
  arg: z.number().int().min(0).default(0),
  access: z.enum(['read', 'write', 'readwrite']).default('read'),
});

const sqlHelperSchema = z.strictObject({
  call: callName,
  arg: z.number().int().min(0).default(0),
});

export const analyzerConfigSchema = z.strictObject({
  helpers: z
    .strictObject({
      tables: z.array(tableHelperSchema).default([]),
      sql: z.array(sqlHelperSchema).default([]),
      // Knex handles ficus cannot see being made or passed (`ctx.db`, `WIKI.models.knex`), matched like `call`.
      knex: z.array(callName).default([]),
    })
    .prefault({}),
  // Paths (relative to the root, forward slashes) whose files are left out: a folder or a file.
  ignore: z.array(z.string().min(1)).default([]),
  maxFileBytes: z.number().int().positive().default(1_000_000),
  // Fix a folder or file (a glob) to a named seam: `pins: [{ path: "src/legacy/**", seam: orders }]`.
  pins: z.array(z.strictObject({ path: z.string().min(1), seam: z.string().regex(/[A-Za-z0-9]/, 'must name a seam') })).default([]),
  // Server entry points (globs), replacing the detected ones: `entry: [src/server.ts, src/worker.ts]`.
  entry: z.array(z.string().min(1)).optional(),
  // Modules to set aside as infrastructure whatever their shape (globs), beside the hubs found on their own.
  infrastructure: z.array(z.string().min(1)).default([]),
});

export type AnalyzerConfig = z.infer<typeof analyzerConfigSchema>;
export type TableHelperConfig = z.infer<typeof tableHelperSchema>;
export type SqlHelperConfig = z.infer<typeof sqlHelperSchema>;

/** Validates a parsed config object; throws AnalyzerConfigError listing every problem with its path. */
export function parseAnalyzerConfig(raw: unknown, source: string): AnalyzerConfig {
  const result = analyzerConfigSchema.safeParse(raw ?? {});
  if (result.success) return Object.freeze(result.data);
  const problems = problemsFromIssues(result.error.issues);
  throw new AnalyzerConfigError(source, problems);
}

/**
 * Loads `--config <file>` when given, else `<root>/ficus.config.yaml` when present, else defaults.
 * Example: `loadAnalyzerConfig('/repo')` → `{ helpers: { tables: [], sql: [] }, ignore: [], … }`.
 */
export function loadAnalyzerConfig(root: string, configFile?: string): AnalyzerConfig {
  const file = configFile ? path.resolve(configFile) : path.join(root, CONFIG_FILE);
  if (!configFile && !existsSync(file)) return parseAnalyzerConfig({}, CONFIG_FILE);
  const shown = configFile ?? CONFIG_FILE;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new AnalyzerError('FICUS_ANALYZE_CONFIG_READ', `cannot read config ${shown}: ${(cause as Error).message}`, {}, { cause });
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (cause) {
    const first = String((cause as Error).message).split('\n')[0];
    throw new AnalyzerError('FICUS_ANALYZE_CONFIG_READ', `${shown} is not valid YAML: ${first}`, {}, { cause });
  }
  return parseAnalyzerConfig(raw, shown);
}

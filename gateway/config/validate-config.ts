// Raw (parsed YAML) → a frozen, defaulted GatewayConfig, or every problem at once.
import { ConfigInvalidError, type ConfigProblem } from '../errors.js';
import { checkRules } from './check-rules.js';
import { deepFreeze } from './deep-freeze.js';
import { formatPath, problemsFromIssues } from '../../common/config-problem.js';
import { gatewayConfigSchema, type GatewayConfig } from './schema.js';
import { findUnsetMarker } from './substitute-env.js';
import { readTlsFiles } from './read-tls-files.js';

export type Validation = { ok: true; config: GatewayConfig } | { ok: false; problems: ConfigProblem[] };

/** Validates a raw config object: unset env variables, schema, cross-field rules, listen.tls's files, all reported together. */
export function validateConfig(raw: unknown): Validation {
  const problems: ConfigProblem[] = [...findUnsetVariables(raw, [])];
  const parsed = gatewayConfigSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    problems.push(...problemsFromIssues(parsed.error.issues));
  }
  problems.push(...checkRules(raw));
  const tls = parsed.success ? parsed.data.listen.tls : undefined;
  if (tls) {
    const read = readTlsFiles(tls);
    if (!read.ok) problems.push(...read.problems);
  }
  if (problems.length > 0 || !parsed.success) return { ok: false, problems: dedupe(problems) };
  return { ok: true, config: deepFreeze(parsed.data) };
}

/** Like validateConfig, but throws ConfigInvalidError (code FICUS_GATEWAY_CONFIG_INVALID) carrying the problems. */
export function assertValidConfig(raw: unknown, source?: string): GatewayConfig {
  const result = validateConfig(raw);
  if (!result.ok) throw new ConfigInvalidError(result.problems, source);
  return result.config;
}

function* findUnsetVariables(value: unknown, path: PropertyKey[]): Generator<ConfigProblem> {
  if (typeof value === 'string') {
    const name = findUnsetMarker(value);
    if (name !== undefined) yield { path: formatPath(path), message: `environment variable ${name} is not set (and has no :-default)` };
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* findUnsetVariables(value[i], [...path, i]);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) yield* findUnsetVariables(v, [...path, k]);
  }
}

// An unset variable also fails its field's schema check; one line per path and message is enough.
function dedupe(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\0${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

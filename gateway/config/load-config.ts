// Reads a YAML config file: env substitution, YAML parse (syntax errors become problems with line
// numbers), then validation. The result is frozen and defaulted.
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { ConfigInvalidError, GatewayError } from '../errors.js';
import type { GatewayConfig } from './schema.js';
import { substituteEnv } from './substitute-env.js';
import { validateConfig, type Validation } from './validate-config.js';

/** Parses YAML config text with `${ENV}` substitution and validates it. */
export function parseConfigText(text: string, env: NodeJS.ProcessEnv = process.env): Validation {
  const doc = parseDocument(substituteEnv(text, env).text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({ path: `line ${e.linePos?.[0].line ?? '?'}`, message: `YAML: ${e.message.split('\n')[0]}` })),
    };
  }
  return validateConfig(doc.toJS());
}

/** Reads and validates a config file; throws FICUS_GATEWAY_CONFIG_READ or FICUS_GATEWAY_CONFIG_INVALID (with every problem). */
export function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new GatewayError('FICUS_GATEWAY_CONFIG_READ', `cannot read config ${file}: ${(err as Error).message}`, {}, { cause: err });
  }
  const result = parseConfigText(text, env);
  if (!result.ok) throw new ConfigInvalidError(result.problems, file);
  return result.config;
}

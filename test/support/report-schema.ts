// docs/report.schema.json as a check: the problems ajv finds in a report, one line each ("/seams/0/why: must be string").
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { repoRoot } from './cli.js';

export const reportSchemaPath = path.join(repoRoot, 'docs', 'report.schema.json');

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(reportSchemaPath, 'utf8')) as object);

/** [] when `report` (parsed JSON) fits the schema; otherwise where and how it does not. */
export function reportSchemaProblems(report: unknown): string[] {
  if (validate(report)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message}${e.keyword === 'additionalProperties' ? ` (${String(e.params.additionalProperty)}: add it to docs/report.schema.json)` : ''}`);
}

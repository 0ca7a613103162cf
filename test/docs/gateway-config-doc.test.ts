// docs/gateway-config.md lists every field of the gateway's zod schema, with its type and default, and no other.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gatewayConfigSchema } from '../../gateway/config/schema.js';
import { repoRoot } from '../support/cli.js';
import { schemaFields } from './schema-fields.js';

describe('docs/gateway-config.md', () => {
  const doc = readFileSync(path.join(repoRoot, 'docs', 'gateway-config.md'), 'utf8');
  const rows = new Map(
    [...doc.matchAll(/^\| `([^`]+)` \| ([^|]+?) \| ([^|]+?) \| (.*) \|$/gm)].map((m) => [m[1], { type: m[2], presence: m[3], rule: m[4].trim() }]),
  );
  const fields = schemaFields(gatewayConfigSchema);

  it('documents every field of gateway/config/schema.ts with its type and default', () => {
    const wrong = fields
      .filter((f) => rows.get(f.path)?.type !== f.type || rows.get(f.path)?.presence !== f.presence)
      .map((f) => `| \`${f.path}\` | ${f.type} | ${f.presence} | <rule> |`);
    expect(wrong, 'add or correct these rows in docs/gateway-config.md').toEqual([]);
  });

  it('documents no field the schema does not have', () => {
    const known = new Set(fields.map((f) => f.path));
    expect([...rows.keys()].filter((p) => !known.has(p)), 'remove these rows from docs/gateway-config.md').toEqual([]);
  });

  it('gives every field a rule', () => {
    expect([...rows].filter(([, row]) => row.rule === '').map(([p]) => p)).toEqual([]);
  });
});

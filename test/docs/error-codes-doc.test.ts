// docs/errors.md lists every code of common/error-codes.ts with its status and exit code, and no other.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../common/error-codes.js';
import { repoRoot } from '../support/cli.js';

describe('docs/errors.md', () => {
  const rows = new Map(
    [...readFileSync(path.join(repoRoot, 'docs', 'errors.md'), 'utf8').matchAll(/^\| `(FICUS_[A-Z0-9_]+)` \| (\d+) \| (\d) \|/gm)].map((m) => [m[1], { status: Number(m[2]), exit: Number(m[3]) }]),
  );

  it('documents every code with the status and exit code of the table', () => {
    const missing = Object.entries(ERROR_CODES)
      .filter(([code, spec]) => rows.get(code)?.status !== spec.status || rows.get(code)?.exit !== spec.exit)
      .map(([code, spec]) => `| \`${code}\` | ${spec.status} | ${spec.exit} | <meaning> |`);
    expect(missing, 'add or correct these rows in docs/errors.md').toEqual([]);
  });

  it('documents no code the table does not have', () => {
    expect([...rows.keys()].filter((code) => !(code in ERROR_CODES)), 'remove these rows from docs/errors.md').toEqual([]);
  });
});

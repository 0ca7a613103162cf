// `ficus analyze monolith-fixture` (run once per test run by test/support/global-setup.ts) against the fixture's answer key (monolith-fixture/EXPECTED.json):
// precision and recall 1.0 on per-file reads, per-file writes, routes (method + full path + file)
// and foreign keys.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Report } from '../../analyzer/types.js';
import { repoRoot } from '../support/cli.js';

interface AnswerKey {
  files: Record<string, { reads: string[]; writes: string[] }>;
  routes: { method: string; path: string; file: string }[];
  foreignKeys: { table: string; column: string; references: { table: string; column: string } }[];
}

const fixture = path.join(repoRoot, 'monolith-fixture');
const keyFile = path.join(fixture, 'EXPECTED.json');

function score(expected: Set<string>, found: Set<string>) {
  const hits = [...found].filter((x) => expected.has(x)).length;
  return {
    precision: found.size ? hits / found.size : 1,
    recall: expected.size ? hits / expected.size : 1,
    missing: [...expected].filter((x) => !found.has(x)),
    extra: [...found].filter((x) => !expected.has(x)),
  };
}

describe.skipIf(!existsSync(keyFile))('ficus analyze monolith-fixture matches its answer key', () => {
  let report: Report;
  let key: AnswerKey;
  beforeAll(() => {
    report = JSON.parse(readFileSync(path.join(inject('fixtureReportDir'), 'ficus-report.json'), 'utf8')) as Report;
    key = JSON.parse(readFileSync(keyFile, 'utf8')) as AnswerKey;
  });

  it('per-file table reads', () => {
    const expected = new Set(Object.entries(key.files).flatMap(([file, f]) => f.reads.map((t) => `${file} ${t}`)));
    const found = new Set(report.modules.flatMap((m) => m.tables.filter((t) => t.read).map((t) => `${m.path} ${t.table}`)));
    expect(score(expected, found)).toEqual({ precision: 1, recall: 1, missing: [], extra: [] });
  });

  it('per-file table writes', () => {
    const expected = new Set(Object.entries(key.files).flatMap(([file, f]) => f.writes.map((t) => `${file} ${t}`)));
    const found = new Set(report.modules.flatMap((m) => m.tables.filter((t) => t.write).map((t) => `${m.path} ${t.table}`)));
    expect(score(expected, found)).toEqual({ precision: 1, recall: 1, missing: [], extra: [] });
  });

  it('routes: method, full client path and file', () => {
    const expected = new Set(key.routes.map((r) => `${r.method} ${r.path} ${r.file}`));
    const found = new Set(report.routes.map((r) => `${r.method} ${r.path} ${r.file}`));
    expect(score(expected, found)).toEqual({ precision: 1, recall: 1, missing: [], extra: [] });
  });

  it('foreign keys', () => {
    const id = (k: AnswerKey['foreignKeys'][number]) => `${k.table}.${k.column} -> ${k.references.table}.${k.references.column}`;
    const expected = new Set(key.foreignKeys.map(id));
    const found = new Set(report.tables.flatMap((t) => t.foreignKeys.map((k) => id({ table: t.name, ...k }))));
    expect(score(expected, found)).toEqual({ precision: 1, recall: 1, missing: [], extra: [] });
  });

  it('no diagnostics on a clean monolith, and every module listed', () => {
    expect(report.diagnostics).toEqual([]);
    expect(report.modules.length).toBe(report.stats.modules);
    expect(report.modules.find((m) => m.path === 'src/app.ts')?.imports.length).toBeGreaterThan(0);
  });
});

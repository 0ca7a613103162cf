import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../../analyzer/analyze.js';
import { AnalyzerConfigError, AnalyzerError } from '../../analyzer/errors.js';
import { writeTree } from './extract/tiny-tree.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'ficus-analyze-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function caught(run: () => Promise<unknown>): Promise<AnalyzerError> {
  try {
    await run();
  } catch (err) {
    return err as AnalyzerError;
  }
  throw new Error('expected an AnalyzerError');
}

describe('analyze()', () => {
  it('writes nothing without an outDir, and ficus-report.json first with one', async () => {
    const dir = writeTree({ 'a.ts': "import knex from 'knex';\nexport const q = () => knex({})('orders').select();\n" });
    expect((await analyze({ dir })).written).toEqual([]);
    const { written, report } = await analyze({ dir, outDir: path.join(tmp, 'out') });
    expect(written[0]).toBe(path.join(tmp, 'out', 'ficus-report.json'));
    expect(report.tables.map((t) => t.name)).toEqual(['orders']);
    const json = await analyze({ dir, outDir: path.join(tmp, 'json-only'), formats: ['json'] });
    expect(json.written.map((f) => path.basename(f))).not.toContain('ficus-report.md');
  });

  it('a folder without sources gives an empty report with NO_SOURCES, not an error', async () => {
    const { report } = await analyze({ dir: writeTree({ 'notes.txt': 'hello' }) });
    expect(report.modules).toEqual([]);
    expect(report.diagnostics.map((d) => d.code)).toEqual(['NO_SOURCES']);
  });

  it('a missing folder or a file instead of a folder is FICUS_ANALYZE_NO_DIR', async () => {
    expect((await caught(() => analyze({ dir: path.join(tmp, 'nope') }))).code).toBe('FICUS_ANALYZE_NO_DIR');
    writeFileSync(path.join(tmp, 'file.ts'), '');
    expect((await caught(() => analyze({ dir: path.join(tmp, 'file.ts') }))).code).toBe('FICUS_ANALYZE_NO_DIR');
  });

  it('ficus.config.yaml: every problem listed with its path, unknown keys named', async () => {
    const dir = writeTree({ 'a.js': '', 'ficus.config.yaml': 'helpers:\n  tables:\n    - { call: "R find", arg: -1 }\n  sqll: []\nextra: 1\n' });
    const err = (await caught(() => analyze({ dir }))) as AnalyzerConfigError;
    expect(err.code).toBe('FICUS_ANALYZE_CONFIG_INVALID');
    expect(err.problems.map((p) => p.path).sort()).toEqual(['extra', 'helpers.sqll', 'helpers.tables[0].arg', 'helpers.tables[0].call']);
    expect(err.problems.find((p) => p.path === 'extra')?.message).toBe('unknown field');
    expect(err.message).not.toContain('\n');
  });

  it('a config that is not YAML, or a --config that does not exist, is FICUS_ANALYZE_CONFIG_READ', async () => {
    const dir = writeTree({ 'a.js': '', 'ficus.config.yaml': 'helpers: [\n' });
    expect((await caught(() => analyze({ dir }))).code).toBe('FICUS_ANALYZE_CONFIG_READ');
    expect((await caught(() => analyze({ dir: writeTree({ 'a.js': '' }), configFile: path.join(tmp, 'none.yaml') }))).code).toBe('FICUS_ANALYZE_CONFIG_READ');
  });

  it('--config points at a config elsewhere', async () => {
    const config = path.join(tmp, 'analyzer.yaml');
    writeFileSync(config, 'helpers:\n  tables: [{ call: R.find }]\n');
    const { report } = await analyze({ dir: writeTree({ 'a.js': "R.find('orders');\n" }), configFile: config });
    expect(report.tables.map((t) => t.name)).toEqual(['orders']);
  });
});

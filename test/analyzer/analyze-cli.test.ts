import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../../analyzer/types.js';
import { execFile } from 'node:child_process';
import { ficusEntry, runCli } from '../support/cli.js';
import { writeTree } from './extract/tiny-tree.js';
import { reportSchemaProblems } from '../support/report-schema.js';

const outDirs: string[] = [];
afterAll(() => outDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempOut = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'ficus-out-'));
  outDirs.push(d);
  return d;
};

// `set -o pipefail` makes the pipeline's status the CLI's, not head's.
const runShell = (cmd: string) =>
  new Promise<{ code: number; stderr: string }>((resolve) => {
    execFile('bash', ['-c', `set -o pipefail; ${cmd}`], { timeout: 120_000 }, (err, _out, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stderr }));
  });

const SHOP = {
  'src/db.ts': "import knex from 'knex';\nexport const db = knex({ client: 'pg' });\n",
  'src/orders/repo.ts': "import { db } from '../db.js';\nexport const list = () => db('orders').join('users', 'users.id', 'orders.user_id').select();\nexport const add = (o: object) => db('orders').insert(o);\n",
  'src/orders/routes.ts': "import { Router } from 'express';\nimport { list, add } from './repo.js';\nexport const orders = Router();\norders.get('/', list);\norders.post('/', add);\n",
  'src/app.ts': "import express from 'express';\nimport { orders } from './orders/routes.js';\nconst app = express();\napp.use('/api/orders', orders);\nexport default app;\n",
};

describe('ficus analyze', () => {
  it('writes ficus-report.json in the public shape', async () => {
    const dir = writeTree(SHOP);
    const out = tempOut();
    const r = await runCli(['analyze', dir, '-o', out, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ficus-report.json');
    const report = JSON.parse(readFileSync(path.join(out, 'ficus-report.json'), 'utf8')) as Report;
    expect(reportSchemaProblems(report)).toEqual([]);
    expect(report.root).toBe(dir);
    const first = report.seams.find((seam) => seam.extractionOrder === 1)!;
    expect(r.stdout.trim().split('\n').at(-1)).toBe(`first seam to extract: ${first.id} (${first.routes.length} route${first.routes.length === 1 ? '' : 's'}, ${first.ownedTables.length} owned table${first.ownedTables.length === 1 ? '' : 's'}); see ${path.join(out, 'ficus-report.json')}`);
    expect(report.modules.find((m) => m.path === 'src/orders/repo.ts')).toMatchObject({
      imports: ['src/db.ts'],
      tables: [
        { table: 'orders', read: true, write: true },
        { table: 'users', read: true, write: false },
      ],
    });
    expect(report.tables.find((t) => t.name === 'orders')).toEqual({
      name: 'orders',
      accessedBy: [
        {
          module: 'src/orders/repo.ts',
          read: true,
          write: true,
          evidence: [
            { file: 'src/orders/repo.ts', line: 2, call: "db('orders').join('users', 'users.id', 'orders.user_id').select()" },
            { file: 'src/orders/repo.ts', line: 3, call: "db('orders').insert(o)" },
          ],
        },
      ],
      foreignKeys: [],
    });
    expect(report.routes.map((x) => `${x.method} ${x.path} ${x.file}:${x.line}`)).toEqual(['GET /api/orders src/orders/routes.ts:4', 'POST /api/orders src/orders/routes.ts:5']);
    expect(report.stats).toMatchObject({ files: 4, modules: 4, tables: 2, routes: 2 });
    expect(JSON.stringify({ ...report, root: '' })).not.toContain(dir); // paths are relative to the root
  });

  it('--json prints the report to stdout; --quiet keeps stderr silent', async () => {
    const r = await runCli(['analyze', writeTree(SHOP), '--json', '--quiet']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Report).routes).toHaveLength(2);
    expect(r.stderr).toBe('');
  });

  it('--json piped into a reader that stops early (| head) ends quietly', async () => {
    const files: Record<string, string> = { 'src/db.ts': SHOP['src/db.ts'] };
    for (let i = 0; i < 300; i++) files[`src/feature-${i}/repository-of-feature-${i}.ts`] = `import { db } from '../db';\nexport const list = () => db('table_number_${i}').where({ id: 1 });\n`;
    const dir = writeTree(files);
    for (const head of ['head -c 100', 'head -1']) {
      const r = await runShell(`"${process.execPath}" "${ficusEntry}" analyze "${dir}" --json --quiet | ${head} > /dev/null`);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
  });

  it('--history outside git and a file that does not parse are diagnostics of a report, not failures; --include-tests keeps test files', async () => {
    const dir = writeTree({
      'src/db.ts': SHOP['src/db.ts'],
      'src/broken.ts': "import { db } from './db';\nexport const add = () => db('users').insert({ ;\n",
      'src/broken.test.ts': "import { db } from './db';\nexport const wipe = () => db('users').del();\n",
    });
    const r = await runCli(['analyze', dir, '--json', '--quiet', '--history']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.diagnostics.filter((d) => d.code !== 'NO_ENTRY_POINT').map((d) => `${d.code} ${d.file}${d.line ? `:${d.line}` : ''}`)).toEqual(['PARSE_ERROR src/broken.ts:2', 'NO_HISTORY ']);
    expect(report.diagnostics.find((d) => d.code === 'NO_HISTORY')?.message).toContain('git');
    expect(report.modules.map((m) => m.path)).toEqual(['src/broken.ts', 'src/db.ts']);
    const withTests = JSON.parse((await runCli(['analyze', dir, '--json', '--quiet', '--include-tests'])).stdout) as Report;
    expect(withTests.modules.map((m) => m.path)).toEqual(['src/broken.test.ts', 'src/broken.ts', 'src/db.ts']);
  });

  it('a missing folder is a usage error: one line and exit 2', async () => {
    const r = await runCli(['analyze', '/nonexistent/ficus-nowhere']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('FICUS_ANALYZE_NO_DIR');
  });

  it('bad flags are usage errors: one line, exit 2', async () => {
    for (const args of [['--format', 'pdf'], ['--seams', 'zero']]) {
      const r = await runCli(['analyze', '.', ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../../analyzer/analyze.js';
import { computeCoChanges, extractCoChanges } from '../../../analyzer/extract/git-history.js';

describe('extractCoChanges (git log --numstat)', () => {
  let repo: string;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe' });
  const commit = (files: string[], n: number) => {
    for (const f of files) {
      mkdirSync(path.dirname(path.join(repo, f)), { recursive: true });
      writeFileSync(path.join(repo, f), `// change ${n}\n`);
    }
    git('add', '-A');
    git('commit', '-q', '-m', `change ${n}`);
  };

  beforeAll(() => {
    repo = mkdtempSync(path.join(tmpdir(), 'ficus-history-'));
    git('init', '-q');
    git('config', 'user.email', 'dev@example.com');
    git('config', 'user.name', 'dev');
    let n = 0;
    // orders/repo and billing/invoice change together five times; users/repo changes alone
    for (let i = 0; i < 5; i++) commit(['app/src/orders/repo.ts', 'app/src/billing/invoice.ts'], n++);
    for (let i = 0; i < 5; i++) commit(['app/src/users/repo.ts'], n++);
    commit(['app/src/orders/repo.ts'], n++);
    // one sweeping commit touching everything must not count
    commit(['app/src/users/repo.ts', 'app/src/orders/repo.ts', ...Array.from({ length: 40 }, (_, i) => `app/src/gen/f${i}.ts`)], n++);
  });

  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it('finds modules that change together, relative to the analysed folder, ignoring huge commits', async () => {
    const history = await extractCoChanges(path.join(repo, 'app'));
    expect(history.commits).toBe(12);
    // orders/repo: 6 revisions, billing/invoice: 5, shared 5 → 5 / 5.5
    expect(history.coChanges).toEqual([{ a: 'src/billing/invoice.ts', b: 'src/orders/repo.ts', sharedRevisions: 5, degree: 0.909 }]);
    expect(history.diagnostics).toEqual([]);
  });

  it('counts only the analysed modules when told which they are', async () => {
    const history = await extractCoChanges(path.join(repo, 'app'), { files: new Set(['src/orders/repo.ts', 'src/users/repo.ts']) });
    expect(history.coChanges).toEqual([]);
  });

  it('ficus analyze --history puts modules that change together in one seam', { timeout: 180_000 }, async () => {
    const app = path.join(repo, 'app');
    const seamsOf = (r: Awaited<ReturnType<typeof analyze>>['report']) =>
      ['src/orders/repo.ts', 'src/billing/invoice.ts'].map((p) => r.modules.find((m) => m.path === p)!.seam);
    const [a, b] = seamsOf((await analyze({ dir: app })).report);
    expect(a).not.toBe(b); // nothing but history ties them
    const withHistory = (await analyze({ dir: app, history: true })).report;
    const [c, d] = seamsOf(withHistory);
    expect(c).toBe(d);
    expect(withHistory.diagnostics.filter((x) => x.code === 'NO_HISTORY')).toEqual([]);
  });

  it('turns a folder outside git into a diagnostic, not a crash', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'ficus-nogit-'));
    try {
      const history = await extractCoChanges(outside);
      expect(history.coChanges).toEqual([]);
      expect(history.diagnostics[0].code).toBe('NO_HISTORY');
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('says so when git tracks nothing in the folder', async () => {
    const repo = mkdtempSync(path.join(tmpdir(), 'ficus-untracked-'));
    try {
      execFileSync('git', ['init', '-q', repo]);
      writeFileSync(path.join(repo, 'tracked.js'), '1;\n');
      execFileSync('git', ['-C', repo, 'add', '.']);
      execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'one']);
      mkdirSync(path.join(repo, 'snapshot'));
      writeFileSync(path.join(repo, 'snapshot', 'a.js'), 'module.exports = 1;\n');
      const history = await extractCoChanges(path.join(repo, 'snapshot'));
      expect(history.diagnostics.map((d) => d.code)).toEqual(['NO_HISTORY']);
      expect(history.diagnostics[0].message).toContain('no commits');
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });
});

describe('computeCoChanges', () => {
  it('applies minimum revisions, minimum shared revisions and minimum degree', () => {
    const commits = [...Array(4).fill(['a', 'b']), ...Array(6).fill(['c']), ['a', 'c'], ['a', 'c'], ['a', 'c']];
    expect(computeCoChanges(commits, { minRevisions: 4, minSharedRevisions: 3, minDegree: 0 }).coChanges.map((c) => `${c.a}-${c.b}`)).toEqual([
      'a-b',
      'a-c',
    ]);
    // b changed only 4 times; a (7) and c (9) share 3 revisions: degree 3 / 8
    expect(computeCoChanges(commits, { minRevisions: 5 }).coChanges).toEqual([{ a: 'a', b: 'c', sharedRevisions: 3, degree: 0.375 }]);
    expect(computeCoChanges(commits, { minRevisions: 5, minDegree: 0.4 }).coChanges).toEqual([]);
    expect(computeCoChanges(commits, { minRevisions: 4, minSharedRevisions: 4, minDegree: 0 }).coChanges.map((c) => c.b)).toEqual(['b']);
  });
});

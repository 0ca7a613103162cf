// `ficus demo` run the way a user runs it: the whole story narrated with exit 0; the failing step named with
// exit 1 when a component cannot start; 130 on Ctrl-C; in every case nothing left running.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ficusEntry, repoRoot, runCli } from '../support/cli.js';
import { reportSchemaProblems } from '../support/report-schema.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function workDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ficus-demo-'));
  dirs.push(dir);
  return path.join(dir, 'demo');
}

/** The pids the narration reports for the processes it started. */
function startedPids(stdout: string): number[] {
  return [...stdout.matchAll(/pid (\d+) on http/g)].map((m) => Number(m[1]));
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// Generous bounds, not timings: the demo analyses the fixture and starts processes on a shared machine.
const DEMO_TIMEOUT = 300_000;

describe('ficus demo', () => {
  it(
    'tells the whole story in numbered steps, exits 0 and leaves nothing running',
    async () => {
      const dir = workDir();
      const { code, stdout, stderr } = await runCli(['demo', '--dir', dir], { timeoutMs: DEMO_TIMEOUT });
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      for (const line of [
        '[1/15] Analyze the monolith',
        'catalog: rank 1, 12 routes',
        '[3/15] Give the catalog its own database, kept in step: ficus data sync',
        'PATCH /api/products/:id (brands, products)',
        '409 not enough shadow evidence',
        '$.generatedAt $.requestId',
        'users on the service',
        '→ 409 FICUS_ADMIN_SYNC_RUNNING',
        'the sync now runs service → monolith',
        '[15/15] Shut everything down',
        'all 15 steps held',
      ]) {
        expect(stdout).toContain(line);
      }
      expect(stdout.match(/✓ proves:/g)).toHaveLength(15);
      expect(stdout).toMatch(/catalog-get-api-products-by-id +refused +shadow → canary 25%/);
      expect(stdout).toMatch(/catalog-patch-api-products-by-id +refused +monolith → service/);
      expect(stdout).toMatch(/catalog-patch-api-products-by-id +cutover \(forced\) +monolith → service/);
      // The write that stayed on the monolith reached the service's reads, and the one the service took
      // reached the monolith's cart: the data followed the route both ways.
      expect(stdout).toMatch(/PATCH \/api\/products\/(\d+) \{priceCents: (\d+)\} → answered by the monolith; GET \/api\/products\/\1 → the service answers \2 after \d+ ms/);
      expect(stdout).toMatch(/PATCH \/api\/products\/(\d+) \{priceCents: (\d+)\} → answered by the service; the monolith's cart \(GET \/api\/cart\/1\) shows \2 after \d+ ms/);
      expect(stdout).toMatch(/data sync: sqlite:\S+catalog\.db → sqlite:\S+shop\.db stopped/);
      const diffRows = stdout.split('\n').filter((l) => /^\s+catalog-get-\S+\s+\d+\s+\d+\s+\S+%/.test(l));
      expect(diffRows).toHaveLength(9);
      for (const row of diffRows) expect(row).toMatch(/100%\s+none\s+\$\.generatedAt \$\.requestId$/);
      for (const f of ['ficus-report.json', 'ficus-report.html', 'gateway.draft.yaml', 'ficus.gateway.yaml', 'shop.db', 'catalog.db']) expect(existsSync(path.join(dir, f)), f).toBe(true);
      expect(reportSchemaProblems(JSON.parse(readFileSync(path.join(dir, 'ficus-report.json'), 'utf8')))).toEqual([]);
      expect(readFileSync(path.join(dir, 'ficus.gateway.yaml'), 'utf8')).toContain('token: ${FICUS_ADMIN_TOKEN}');
      const pids = startedPids(stdout);
      expect(pids).toHaveLength(2);
      expect(pids.filter(isRunning)).toEqual([]);
    },
    DEMO_TIMEOUT,
  );

  it.concurrent(
    'stops at the step that did not hold when the catalog service cannot start, names it, exits 1 and stops the monolith',
    async () => {
      const { code, stdout } = await runCli(['demo', '--dir', workDir()], { timeoutMs: DEMO_TIMEOUT, env: { CATALOG_BREAK: 'everything' } });
      expect(code).toBe(1);
      expect(stdout).toContain('✗ step 4 failed (Start the catalog service');
      expect(stdout).toMatch(/catalog service exited \(code 1\) before listening: [^\n]*CATALOG_BREAK/);
      expect(stdout).toContain('FAILED at step 4');
      expect(stdout).not.toContain('[5/15]');
      expect(stdout).toContain('stopped monolith: exit 0');
      expect(stdout).toMatch(/stopped data sync: sqlite:\S+shop\.db → sqlite:\S+catalog\.db stopped/);
      const pids = startedPids(stdout);
      expect(pids).toHaveLength(1);
      expect(pids.filter(isRunning)).toEqual([]);
    },
    DEMO_TIMEOUT,
  );

  it.concurrent(
    '--json: no narration, one JSON object with the outcome and each step as data',
    async () => {
      const { code, stdout } = await runCli(['demo', '--dir', workDir(), '--json'], { timeoutMs: DEMO_TIMEOUT, env: { CATALOG_BREAK: 'everything' } });
      expect(code).toBe(1);
      const lines = stdout.trim().split('\n');
      expect(lines).toHaveLength(1);
      const out = JSON.parse(lines[0]);
      expect(out).toMatchObject({ ok: false, interrupted: false, failed: { step: 4, title: expect.stringContaining('Start the catalog service') } });
      expect(out.steps.map((s: { n: number }) => s.n)).toEqual([1, 2, 3, 4]);
      expect(out.steps[0]).toMatchObject({ title: expect.stringContaining('Analyze the monolith'), proved: expect.any(String), ms: expect.any(Number) });
      expect(out.steps[3].failed).toMatch(/CATALOG_BREAK/);
      expect(out.steps[3].said).toEqual(expect.arrayContaining(['stopped monolith: exit 0']));
      expect(out.notes).toEqual(expect.arrayContaining([expect.stringMatching(/^ficus demo: FAILED at step 4/)]));
    },
    DEMO_TIMEOUT,
  );

  it.concurrent(
    'on Ctrl-C stops what it started and exits 130',
    async () => {
      const child = spawn(process.execPath, [ficusEntry, 'demo', '--dir', workDir()], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      const killer = setTimeout(() => child.kill('SIGKILL'), DEMO_TIMEOUT - 10_000);
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString('utf8');
        if (/pid \d+ on http/.test(stdout) && !child.killed) child.kill('SIGINT'); // the monolith is up: interrupt
      });
      const code = await exited;
      clearTimeout(killer);
      expect(code).toBe(130);
      expect(stdout).toContain('interrupted: stopping everything the demo started');
      expect(stdout).toContain('stopped monolith: exit 0');
      const pids = startedPids(stdout);
      expect(pids.length).toBeGreaterThan(0);
      expect(pids.filter(isRunning)).toEqual([]);
    },
    DEMO_TIMEOUT,
  );

  it('refuses a work folder it did not make: a usage error, one line and a code', async () => {
    const dir = workDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'precious.txt'), 'keep me');
    const { code, stderr } = await runCli(['demo', '--dir', dir]);
    expect(code).toBe(2); // a usage error by the code table (FICUS_DEMO_DIR)
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('(FICUS_DEMO_DIR)');
    expect(readFileSync(path.join(dir, 'precious.txt'), 'utf8')).toBe('keep me');
  });
});

// `npm run fixture`'s entry as a process: PORT/DATABASE_URL honoured, one line with the URL, clean exit on SIGTERM.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fixtureDir } from './http.js';

// `npm run fixture` runs the compiled entry (test/support/global-setup.ts keeps dist/ current).
const entry = path.join(fixtureDir, '..', 'dist', 'monolith-fixture', 'src', 'server.js');

describe.concurrent('server entry', () => {
  it('listens, serves seeded products, and exits 0 on SIGTERM', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'shop-server-'));
    const child = spawn(process.execPath, [entry], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: path.join(dir, 'shop.db'), LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let stdout = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d) => {
          stdout += d;
          const m = /listening on (http:\/\/\S+)/.exec(stdout);
          if (m) resolve(m[1]);
        });
        child.once('exit', (code) => reject(new Error(`server exited early with ${code}`)));
      });
      const res = await fetch(`${url}/api/products/1`);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { sku: string }).sku).toBe('SKU-00001');
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stdout.trim().split('\n')).toHaveLength(1);
    } finally {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a bad PORT with one line and exit code 2', async () => {
    const child = spawn(process.execPath, [entry], { env: { ...process.env, PORT: 'abc' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});

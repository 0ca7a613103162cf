// The package's own scripts as README tells people to run them: `npm run fixture` in a supervisor or a
// terminal must stop the shop when npm is told to stop (npm signals its child; a shell in between
// would swallow it and leave the shop running).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from './gateway/support/wait-for.js';
import { repoRoot } from './support/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'ficus-npm-fixture-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run fixture', () => {
  it('serves the shop, and SIGTERM to npm stops the shop too', async () => {
    const npm = spawn('npm', ['run', 'fixture'], { cwd: repoRoot, env: { ...process.env, PORT: '0', DATABASE_URL: path.join(dir, 'shop.db') }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    npm.stdout.on('data', (d) => (out += d));
    npm.stderr.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => npm.on('close', (code) => resolve(code)));
    await waitFor(() => /shop listening on (\S+)/.test(out), 60_000, 50).catch((err: Error) => {
      throw new Error(`${err.message}; npm output: ${out}`);
    });
    const url = /shop listening on (\S+)/.exec(out)?.[1];
    expect(url, out).toBeDefined();
    expect((await fetch(`${url}/api/products?limit=1`)).status).toBe(200);
    npm.kill('SIGTERM');
    await exited;
    await expect(fetch(`${url}/api/products?limit=1`)).rejects.toThrow(); // nothing listens any more
  });
});

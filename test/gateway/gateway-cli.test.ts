// `ficus gateway` run the way a user runs it: --check exit codes, then a real process that reloads
// on SIGHUP and drains on SIGTERM.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ficusEntry, repoRoot, runCli } from '../support/cli.js';
import { request } from './support/http-client.js';
import { startEcho, type TestUpstream } from './support/upstreams.js';
import { waitFor } from './support/wait-for.js';

const dir = mkdtempSync(path.join(tmpdir(), 'ficus-gateway-cli-'));
const write = (name: string, text: string): string => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};

describe('ficus gateway --check', () => {
  it('exits 0 for a valid config', async () => {
    const file = write('ok.yaml', 'monolith: { url: "http://127.0.0.1:${MONO_PORT:-3000}" }\nroutes:\n  - { id: a, match: { path: /a/* } }\n');
    const result = await runCli(['gateway', '-c', file, '--check']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('ok (1 route,');
  });

  it('exits 1 listing every problem with its path', async () => {
    const file = write(
      'bad.yaml',
      'monolith: { url: http://127.0.0.1:3000 }\nadmin: { token: ${NO_SUCH_TOKEN_VAR} }\nroutes:\n  - { id: a, match: { path: /a }, mode: canary, percent: 150 }\n  - { id: a, match: { path: "/b/(" } }\n',
    );
    const result = await runCli(['gateway', '-c', file, '--check'], { env: { NO_SUCH_TOKEN_VAR: '' } });
    expect(result.code).toBe(1);
    for (const p of ['admin.token:', 'routes[0].percent:', 'routes[0].service:', 'routes[1].id:', 'routes[1].match.path:']) {
      expect(result.stderr).toContain(p);
    }
    expect(result.stderr).toContain('FICUS_GATEWAY_CONFIG_INVALID');
  });

  it('--json prints the verdict on stdout: ok with counts, or every problem with its path', async () => {
    const good = write('ok-json.yaml', 'monolith: { url: http://127.0.0.1:3000 }\nroutes:\n  - { id: all, match: { path: /* } }\n  - { id: a, match: { path: /a } }\n');
    const ok = await runCli(['gateway', '-c', good, '--check', '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ file: good, ok: true, problems: [], routes: 2, services: 0, warnings: [{ path: 'routes[1]' }] });
    const strict = await runCli(['gateway', '-c', good, '--check', '--strict', '--json']);
    expect(strict.code).toBe(1);
    expect(JSON.parse(strict.stdout)).toMatchObject({ ok: false, warnings: [{ path: 'routes[1]' }] });
    const bad = write('bad-json.yaml', 'monolith: { url: http://127.0.0.1:3000 }\nroutes:\n  - { id: a, match: { path: /a }, percent: 150 }\n');
    const invalid = await runCli(['gateway', '-c', bad, '--check', '--json']);
    expect(invalid.code).toBe(1);
    expect(JSON.parse(invalid.stdout)).toMatchObject({ file: bad, ok: false, code: 'FICUS_GATEWAY_CONFIG_INVALID', problems: [{ path: 'routes[0].percent' }] });
  });

  it('exits 1 with one line for a missing file', async () => {
    const missing = await runCli(['gateway', '-c', path.join(dir, 'missing.yaml'), '--check']);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toContain('FICUS_GATEWAY_CONFIG_READ');
  });
});

describe('ficus gateway (running)', () => {
  let monolith: TestUpstream;
  let service: TestUpstream;
  beforeAll(async () => {
    monolith = await startEcho('monolith');
    service = await startEcho('catalog');
  });
  afterAll(async () => {
    await Promise.all([monolith.close(), service.close()]);
  });

  it('serves, reloads on SIGHUP, and exits 0 after draining on SIGTERM', async () => {
    const config = (mode: string): string =>
      [
        'listen: { host: 127.0.0.1, port: 0 }',
        'admin: { host: 127.0.0.1, port: 0 }',
        'store: { url: "sqlite::memory:" }',
        `monolith: { url: "${monolith.url}" }`,
        `services: { catalog: { url: "${service.url}" } }`,
        `routes: [ { id: products, match: { path: /api/products/* }, service: catalog, mode: ${mode} } ]`,
      ].join('\n');
    const file = write('run.yaml', config('monolith'));
    const child = spawn(process.execPath, [ficusEntry, 'gateway', '-c', file], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => (stdout += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      // Generous: a loaded 2-core machine.
      await waitFor(() => /listening on 127\.0\.0\.1:\d+/.test(stderr), 90_000).catch((err: Error) => {
        throw new Error(`${err.message}; gateway stderr: ${stderr}`);
      });
      const port = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(stderr)![1]);
      expect((await request(port, '/api/products/1')).headers['x-ficus-backend']).toBe('monolith');
      writeFileSync(file, config('service'));
      child.kill('SIGHUP'); // the watcher may get there first; either way the new table serves
      await waitFor(() => stdout.includes('config reloaded'), 30_000);
      expect((await request(port, '/api/products/1')).headers['x-ficus-backend']).toBe('service');
      // An invalid file is refused: said on stderr in plain words, with each problem's path; the last good table serves.
      writeFileSync(file, config('service').replace('mode: service', 'mode: service, percent: 150'));
      child.kill('SIGHUP');
      await waitFor(() => stderr.includes('reload rejected'), 30_000);
      expect(stderr).toMatch(/ficus gateway: .*run\.yaml: reload rejected \(1 problem\), still serving the last good config\n\s*routes\[0\]\.percent: /);
      expect((await request(port, '/api/products/1')).headers['x-ficus-backend']).toBe('service');
      expect(stdout).toContain('"msg":"request"'); // JSON access log on stdout
      const adminPort = Number(/admin on 127\.0\.0\.1:(\d+)/.exec(stderr)![1]);
      expect((await request(adminPort, '/metrics')).body).toMatch(/^ficus_log_lines_dropped_total 0$/m); // stdout kept up
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stdout).toContain('gateway closed');
    } finally {
      child.kill('SIGKILL');
    }
  }, 150_000);
});

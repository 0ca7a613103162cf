// A real `ficus gateway` process (the compiled CLI) on a config written to a temp folder, for the
// tests that need processes of their own (listen.workers): its ports, its JSON log lines, and a stop.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ficusEntry, repoRoot } from '../../support/cli.js';
import { waitFor } from './wait-for.js';

export interface GatewayProcess {
  pid: number;
  port: number;
  adminPort: number;
  /** Its stdout's JSON lines (the access log and the rest), every process of the group's. */
  lines(): Record<string, unknown>[];
  stop(): Promise<void>;
}

/** Starts the gateway on `config(dir)` (dir: a new temp folder, e.g. for the store) and waits until it says it listens. */
export async function spawnGateway(config: (dir: string) => unknown, listening = /listening on 127\.0\.0\.1:(\d+), admin on 127\.0\.0\.1:(\d+)/): Promise<GatewayProcess> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ficus-gateway-'));
  const file = path.join(dir, 'gateway.yaml');
  writeFileSync(file, JSON.stringify(config(dir)));
  const child = spawn(process.execPath, [ficusEntry, 'gateway', '-c', file], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  await waitFor(() => listening.test(stderr), 120_000).catch((err: Error) => {
    child.kill('SIGKILL');
    throw new Error(`${err.message}; gateway stderr: ${stderr}`);
  });
  const [, port, adminPort] = listening.exec(stderr)!.map(Number) as [number, number, number];
  return {
    pid: child.pid!,
    port,
    adminPort,
    lines: () =>
      stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGCONT'); // a test may have stopped it
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
      child.kill('SIGKILL');
    },
  };
}

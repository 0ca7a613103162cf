// services/catalog/README.md's "Data" commands, followed as written, in their order, in a scratch folder
// that holds only the checkout's build: if the README's order or flags stop working, this fails.
// What differs from a person at a terminal: `npm run build` is skipped (the suite built dist/ already);
// the shop and the service get PORT=0 (a free port) instead of 3000 and 4001 on a shared machine, and the
// curl line follows the service's.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot, runCli } from '../support/cli.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'ficus-catalog-readme-'));
for (const entry of ['dist', 'node_modules', 'package.json']) symlinkSync(path.join(repoRoot, entry), path.join(scratch, entry));
const running: ChildProcess[] = [];
afterAll(() => {
  for (const child of running) signalGroup(child, 'SIGTERM');
  rmSync(scratch, { recursive: true, force: true });
});

/** The commands of the first sh block after `## Data`: continuation lines joined, comments dropped. */
function readmeCommands(): { command: string; comment: string }[] {
  const text = readFileSync(path.join(repoRoot, 'services', 'catalog', 'README.md'), 'utf8');
  const section = text.slice(text.indexOf('\n## Data'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block
    .replace(/\\\n\s*/g, '')
    .split('\n')
    .map((line) => {
      const hash = line.search(/\s#\s/);
      return { command: (hash < 0 ? line : line.slice(0, hash)).trim(), comment: hash < 0 ? '' : line.slice(hash).trim() };
    })
    .filter((c) => c.command);
}

function start(command: string): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  // Its own process group, as a terminal gives each command line: Ctrl-C reaches npm and the server under it.
  const child = spawn('sh', ['-c', command], { cwd: scratch, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  running.push(child);
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}

async function until(what: string, cond: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('services/catalog/README.md', () => {
  it('its Data commands, in their order, give the service a verified copy it serves', async () => {
    const commands = readmeCommands();
    expect(commands.map((c) => c.command)).toEqual([
      'npm run build',
      expect.stringContaining('npm run fixture'),
      expect.stringContaining('node dist/services/catalog/server.js &'),
      expect.stringMatching(/^node dist\/bin\/ficus\.js data copy /),
      expect.stringMatching(/^curl /),
    ]);
    let port = '';
    let answer = '';
    for (const { command, comment } of commands) {
      if (command === 'npm run build') continue;
      if (/then Ctrl-C/.test(comment)) {
        const shop = start(`PORT=0 ${command}`);
        await until('the shop to listen', () => /shop listening on/.test(shop.output()));
        signalGroup(shop.child, 'SIGINT'); // Ctrl-C
        await shop.exited;
      } else if (command.endsWith('&')) {
        const service = start(command.replace('PORT=4001', 'PORT=0').replace(/&$/, ''));
        await until('the service to listen', () => /"msg":"listening"/.test(service.output()));
        port = /"port":(\d+)/.exec(service.output())![1];
      } else {
        const step = start(command.replace(/127\.0\.0\.1:4001/g, `127.0.0.1:${port}`));
        const code = await step.exited;
        expect({ command, code }, step.output()).toEqual({ command, code: 0 });
        answer = step.output();
      }
    }
    const shopDb = new Database(path.join(scratch, '.data', 'shop.db'), { readonly: true });
    const catalogDb = new Database(path.join(scratch, '.data', 'catalog.db'), { readonly: true });
    try {
      for (const table of ['categories', 'brands', 'products', 'product_images']) {
        const count = (db: Database.Database) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
        expect({ table, rows: count(catalogDb) }).toEqual({ table, rows: count(shopDb) });
      }
      const active = (shopDb.prepare('SELECT COUNT(*) AS n FROM products WHERE active = 1').get() as { n: number }).n;
      expect(active).toBeGreaterThan(0);
      expect(JSON.parse(answer)).toMatchObject({ total: active, items: [expect.objectContaining({ id: expect.any(Number) })] });
    } finally {
      shopDb.close();
      catalogDb.close();
    }
  });

  it('its gateway.snippet.yaml is what `ficus new-service` writes for the fixture\'s catalog seam today', async () => {
    const out = path.join(scratch, 'new-catalog');
    const r = await runCli(['new-service', 'catalog', '--plan', path.join(inject('fixtureReportDir'), 'ficus-report.json'), '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    const fresh = parse(readFileSync(path.join(out, 'gateway.snippet.yaml'), 'utf8'));
    const committed = parse(readFileSync(path.join(repoRoot, 'services', 'catalog', 'gateway.snippet.yaml'), 'utf8'));
    expect(committed.routes).toEqual(fresh.routes);
    expect(Object.keys(committed.services)).toEqual(Object.keys(fresh.services)); // the port is whichever was free
  });
});

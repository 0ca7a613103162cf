import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, runCli } from './support/cli.js';

describe('ficus CLI', () => {
  it('prints help listing its subcommands', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: ficus');
  });

  it('prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('rejects an unknown command with one line and exit 2', async () => {
    const r = await runCli(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('rejects an unknown flag with one line and exit 2', async () => {
    const r = await runCli(['--no-such-flag']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--no-such-flag');
  });

  it('refuses a whole-number option that is not one (empty, 1e3, 2.5, 0x10, out of range), exit 2, naming the flag and the range', async () => {
    for (const [args, flag, range] of [
      [['events', '--limit', '1e3'], '--limit', 'from 1 to 1000'],
      [['events', '--limit', '0'], '--limit', 'from 1 to 1000'],
      [['tail', '--lines', ''], '--lines', '0 or more'],
      [['analyze', '.', '--seams', '2.5'], '--seams', '1 or more'],
      [['data', 'copy', '--from', 'sqlite:a.db', '--to', 'sqlite:b.db', '--tables', 't', '--batch', '0x10'], '--batch', '1 or more'],
    ] as const) {
      const r = await runCli([...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toContain(flag);
      expect(r.stderr, args.join(' ')).toContain(`must be a whole number ${range}`);
    }
  });
});

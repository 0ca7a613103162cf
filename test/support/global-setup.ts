// Once per run, before any test file: brings dist/ up to date (the CLI is tested from dist/), analyses
// the fixture once for every test that reads its report, and says which groups of tests will skip.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TestProject } from 'vitest/node';
import { buildDist } from './build-dist.js';
import { amqpSkipReason, amqpUrl } from './amqp.js';
import { chromiumPath } from './browser.js';
import { pgSkipReason, pgUrl } from './pg.js';

const root = path.resolve(import.meta.dirname, '..', '..');

declare module 'vitest' {
  export interface ProvidedContext {
    /** A folder holding `ficus analyze monolith-fixture`'s output: ficus-report.json, .md, .html and gateway.draft.yaml. */
    fixtureReportDir: string;
  }
}

// With vitest projects each project calls this; one build and one analysis serve them all.
const KEY = Symbol.for('ficus.tests.globalSetup');
type Shared = { ready: Promise<string>; users: number };

export default async function setup(project: TestProject): Promise<() => void> {
  const holder = globalThis as unknown as Record<symbol, Shared | undefined>;
  const first = holder[KEY] === undefined;
  const shared = (holder[KEY] ??= { ready: prepare(), users: 0 });
  shared.users += 1;
  project.provide('fixtureReportDir', await shared.ready);
  if (first) printNotes();
  return () => {
    shared.users -= 1;
    if (shared.users === 0) void shared.ready.then((out) => rmSync(out, { recursive: true, force: true }));
  };
}

async function prepare(): Promise<string> {
  await buildDist(root);
  const out = mkdtempSync(path.join(tmpdir(), 'ficus-fixture-report-'));
  // The compiled analyzer, as the CLI runs it: one analysis of the fixture shared by every test file.
  const { analyze } = (await import(pathToFileURL(path.join(root, 'dist', 'analyzer', 'analyze.js')).href)) as typeof import('../../analyzer/analyze.js');
  await analyze({ dir: path.relative(process.cwd(), path.join(root, 'monolith-fixture')) || '.', outDir: out });
  return out;
}

function printNotes(): void {
  const notes: string[] = [];
  if (!pgUrl) notes.push(`PostgreSQL tests will be skipped: ${pgSkipReason}`);
  if (!amqpUrl) notes.push(`RabbitMQ tests will be skipped: ${amqpSkipReason}`);
  if (!existsSync(chromiumPath)) notes.push(`browser tests will be skipped: ${chromiumPath} not found (apt-get install -y chromium)`);
  for (const n of notes) process.stdout.write(`[ficus tests] ${n}\n`);
}

// `ficus demo`: prepares the work folder, tells the strangler-fig story step by step, and always stops
// what it started. Resolves to the outcome; the CLI turns it into an exit code.
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { createCleanup } from './cleanup.js';
import { DemoError } from './errors.js';
import { createNarrator, createRecordingNarrator } from './narrator.js';
import { runSteps, type DemoOutcome } from './run-steps.js';
import { createStranglerSteps } from './strangler-steps.js';

export interface DemoOptions {
  /** Work folder (reports, databases, logs, gateway config); emptied first when an earlier demo made it. */
  dir: string;
  out: Writable;
  signal?: AbortSignal;
  minSamples?: number;
  canaryPercent?: number;
  /** `json`: no narration; one JSON object on `out` at the end (the outcome and every step's record). */
  format?: 'text' | 'json';
}

const MARKER = '.ficus-demo';

/** Runs the whole demo. Example: `await runDemo({ dir: '.ficus/demo', out: process.stdout })`. */
export async function runDemo(options: DemoOptions): Promise<DemoOutcome> {
  prepareDir(options.dir);
  const recording = options.format === 'json' ? createRecordingNarrator() : undefined;
  const narrator = recording ?? createNarrator(options.out);
  const cleanup = createCleanup();
  narrator.line(`ficus demo: splitting the catalog out of the bundled shop monolith, one route at a time`);
  narrator.line(`work folder: ${options.dir} (reports, databases, logs, gateway config)`);
  const steps = createStranglerSteps({ dir: path.resolve(options.dir), minSamples: options.minSamples ?? 20, canaryPercent: options.canaryPercent ?? 25 }, cleanup);
  const outcome = await runSteps(steps, narrator, cleanup, options.signal);
  if (outcome.ok) {
    narrator.line(`\nficus demo: all ${steps.length} steps held in ${(outcome.ms / 1000).toFixed(1)} s. Explore the seams in ${path.join(options.dir, 'ficus-report.html')}.`);
  } else if (outcome.failed) {
    narrator.line(`\nficus demo: FAILED at step ${outcome.failed.step} (${outcome.failed.title}): ${outcome.failed.reason}`);
    narrator.line(`logs: ${path.join(options.dir, '*.log')}`);
  }
  if (recording) options.out.write(`${JSON.stringify({ ...outcome, ms: Math.round(outcome.ms), dir: options.dir, steps: recording.steps, notes: recording.notes })}\n`);
  return outcome;
}

// Only a folder this demo made before is emptied; anything else must be empty or absent.
function prepareDir(dir: string): void {
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    if (!existsSync(path.join(dir, MARKER))) throw new DemoError('FICUS_DEMO_DIR', `${dir} is not empty and was not made by ficus demo; pick another --dir`);
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, MARKER), 'made by ficus demo; emptied at the next run\n');
}

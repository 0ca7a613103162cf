// Runs the demo's steps in order with narration; stops at the first step that does not hold, and on
// Ctrl-C (the abort signal) stops at once; either way everything started is stopped before it returns.
import type { Cleanup } from './cleanup.js';
import { DemoError } from './errors.js';
import type { Narrator } from './narrator.js';

export interface DemoStep {
  title: string;
  /** Does the step, narrating through `say`; resolves to what it proved, throws when it did not hold. */
  run: (say: (text: string) => void) => Promise<string>;
}

export interface DemoOutcome {
  ok: boolean;
  interrupted: boolean;
  failed?: { step: number; title: string; reason: string };
  ms: number;
}

/** A step's check: throws with `reason` (the narration's "failed" line) unless `condition` holds. */
export function check(condition: unknown, reason: string): asserts condition {
  if (!condition) throw new DemoError('FICUS_DEMO_STEP', reason);
}

/** Runs `steps`; the last one is expected to be the shutdown, which `cleanup` also performs on failure. */
export async function runSteps(steps: DemoStep[], narrator: Narrator, cleanup: Cleanup, signal?: AbortSignal): Promise<DemoOutcome> {
  const started = performance.now();
  const interrupted = new Promise<'interrupted'>((resolve) => {
    if (signal?.aborted) resolve('interrupted');
    signal?.addEventListener('abort', () => resolve('interrupted'), { once: true });
  });
  let failed: DemoOutcome['failed'];
  const sequence = (async () => {
    for (const [i, step] of steps.entries()) {
      if (signal?.aborted) return;
      const n = i + 1;
      narrator.step(n, steps.length, step.title);
      const t0 = performance.now();
      try {
        const proof = await step.run(narrator.say);
        if (signal?.aborted) return;
        narrator.proved(proof, performance.now() - t0);
      } catch (err) {
        if (signal?.aborted) return;
        failed = { step: n, title: step.title, reason: (err as Error).message ?? String(err) };
        narrator.failed(n, step.title, failed.reason);
        return;
      }
    }
  })();
  const how = await Promise.race([sequence.then(() => 'done' as const), interrupted]);
  if (how === 'interrupted' || failed) {
    narrator.line(how === 'interrupted' ? '\ninterrupted: stopping everything the demo started' : '\nstopping everything the demo started');
    for (const r of await cleanup.run()) narrator.say(`${r.ok ? 'stopped' : 'could not stop'} ${r.name}: ${r.detail}`);
  }
  const ms = performance.now() - started;
  return { ok: how === 'done' && !failed, interrupted: how === 'interrupted', failed, ms };
}

// The demo's narration: numbered steps, what each shows, and what it proves, on one stream.
import type { Writable } from 'node:stream';

export interface Narrator {
  /** Opens step `n` of `total`. */
  step(n: number, total: number, title: string): void;
  /** One indented line of what happened. */
  say(text: string): void;
  /** Closes the step: what it proves, and how long it took. */
  proved(text: string, ms: number): void;
  failed(n: number, title: string, reason: string): void;
  line(text?: string): void;
}

/** Writes narration to `out` (stdout for the CLI). */
export function createNarrator(out: Writable): Narrator {
  const write = (text: string) => out.write(`${text}\n`);
  return {
    step: (n, total, title) => write(`\n[${n}/${total}] ${title}`),
    say: (text) => {
      for (const line of text.split('\n')) write(`      ${line}`);
    },
    proved: (text, ms) => write(`   ✓ proves: ${text} (${(ms / 1000).toFixed(1)} s)`),
    failed: (n, title, reason) => write(`   ✗ step ${n} failed (${title}): ${reason}`),
    line: (text = '') => write(text),
  };
}

export interface StepRecord {
  n: number;
  title: string;
  said: string[];
  proved?: string;
  ms?: number;
  failed?: string;
}

/** Keeps the narration as data (`ficus demo --json`): one record per step, and the lines outside steps. */
export function createRecordingNarrator(): Narrator & { steps: StepRecord[]; notes: string[] } {
  const steps: StepRecord[] = [];
  const notes: string[] = [];
  const current = () => steps.at(-1);
  return {
    steps,
    notes,
    step: (n, _total, title) => void steps.push({ n, title, said: [] }),
    say: (text) => void (current()?.said ?? notes).push(...text.split('\n')),
    proved: (text, ms) => void Object.assign(current() ?? {}, { proved: text, ms: Math.round(ms) }),
    failed: (_n, _title, reason) => void Object.assign(current() ?? {}, { failed: reason }),
    line: (text = '') => void (text.trim() && notes.push(text.trim())),
  };
}

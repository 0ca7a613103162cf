// A one-line progress bar for a TTY: redrawn in place, at most every 100 ms, cleared at the end.
import type { Progress } from './extract-facts.js';

export interface ProgressBar {
  update: Progress;
  clear(): void;
}

/** Draws on `stream` (stderr): `tables [#######-----------]  420/1000`. */
export function createProgressBar(stream: NodeJS.WriteStream, now: () => number = Date.now): ProgressBar {
  let last = 0;
  let drawn = false;
  return {
    update(phase, done, total) {
      const t = now();
      if (t - last < 100 && done !== 0) return;
      last = t;
      const width = 24;
      const filled = total > 0 ? Math.round((done / total) * width) : 0;
      const counts = total > 1 ? ` ${String(done).padStart(String(total).length)}/${total}` : '';
      stream.write(`\r\x1b[2Kficus analyze: ${phase.padEnd(12)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}]${counts}`);
      drawn = true;
    },
    clear() {
      if (drawn) stream.write('\r\x1b[2K');
    },
  };
}

// The one polling wait of the tests: vitest's vi.waitFor, for a condition that returns a boolean.
import { vi } from 'vitest';

/** Polls `check` until it holds; throws after `timeoutMs` (a bound, not a timed assertion). */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 3000, intervalMs = 5): Promise<void> {
  await vi.waitFor(
    async () => {
      if (!(await check())) throw new Error(`condition not met in ${timeoutMs} ms`);
    },
    { timeout: timeoutMs, interval: intervalMs },
  );
}

// A circuit breaker per service: after `failures` failed attempts in a row it opens and calls fail at once
// (outcome circuit_open) for `openMs`; then one probe is let through (half-open): success closes it, failure
// opens it again. A failing service gets room to recover and callers get their default without waiting.

export type BreakerState = 'closed' | 'open' | 'half_open';

export interface CircuitBreakerOptions {
  /** Failed attempts in a row that open the circuit (default 5). */
  failures?: number;
  /** How long it stays open before a probe (default 10 s). */
  openMs?: number;
  now?: () => number;
}

export interface CircuitBreaker {
  /** Whether a call may be sent now; in half-open state only one probe at a time. */
  allow: () => boolean;
  record: (failed: boolean) => void;
  state: () => BreakerState;
}

export function createCircuitBreaker(options: CircuitBreakerOptions = {}): CircuitBreaker {
  const threshold = options.failures ?? 5;
  const openMs = options.openMs ?? 10_000;
  const now = options.now ?? Date.now;
  let state: BreakerState = 'closed';
  let failuresInRow = 0;
  let openedAt = 0;
  let probing = false;
  return {
    allow: () => {
      if (state === 'closed') return true;
      if (state === 'open' && now() - openedAt >= openMs) state = 'half_open';
      if (state === 'half_open' && !probing) {
        probing = true;
        return true;
      }
      return false;
    },
    record: (failed) => {
      probing = false;
      if (!failed) {
        state = 'closed';
        failuresInRow = 0;
        return;
      }
      failuresInRow += 1;
      if (state === 'half_open' || failuresInRow >= threshold) {
        state = 'open';
        openedAt = now();
      }
    },
    state: () => state,
  };
}

// A breaker per shadow target: after `threshold` failed copies in a row (refused, reset, timeout)
// the service is left alone for a cool-down that doubles up to `maxMs`; then one probe copy goes
// through and its outcome closes or reopens the breaker. A dead service then costs the gateway
// almost nothing instead of one failed connection per request.

export interface Breaker {
  /** True when a copy may be sent now (closed, or the single half-open probe). */
  allow(): boolean;
  succeeded(): void;
  failed(): void;
  readonly open: boolean;
}

export interface BreakerOptions {
  threshold?: number;
  baseMs?: number;
  maxMs?: number;
  now?: () => number;
  onChange?: (state: 'open' | 'closed', cooldownMs: number) => void;
}

/** Creates a closed breaker. Example: `createBreaker({ threshold: 5 })`. */
export function createBreaker(options: BreakerOptions = {}): Breaker {
  const threshold = options.threshold ?? 5;
  const baseMs = options.baseMs ?? 1000;
  const maxMs = options.maxMs ?? 30_000;
  const now = options.now ?? Date.now;
  let failures = 0;
  let openUntil = 0;
  let cooldown = 0; // 0 while closed
  let probing = false;
  let probeUntil = 0; // a probe that never reports back (its exchange was not copied after all) expires

  return {
    allow() {
      if (cooldown === 0) return true;
      const t = now();
      if (t < openUntil || (probing && t < probeUntil)) return false;
      probing = true;
      probeUntil = t + cooldown;
      return true;
    },
    succeeded() {
      failures = 0;
      probing = false;
      if (cooldown !== 0) {
        cooldown = 0;
        options.onChange?.('closed', 0);
      }
    },
    failed() {
      if (cooldown !== 0 && !probing) return; // a copy sent before the breaker opened: already counted in
      failures++;
      if (cooldown === 0 && failures < threshold) return;
      cooldown = cooldown === 0 ? baseMs : Math.min(cooldown * 2, maxMs);
      openUntil = now() + cooldown;
      probing = false;
      options.onChange?.('open', cooldown);
    },
    get open() {
      return cooldown !== 0;
    },
  };
}

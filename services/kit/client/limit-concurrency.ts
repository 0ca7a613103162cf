// At most `maxConcurrent` calls in flight per service and `maxQueue` waiting; past both a call is refused
// at once (outcome queue_full) rather than piling up behind a slow service.

export interface ConcurrencyLimit {
  /** Resolves to a release function when a slot is free; null when the queue is full. */
  acquire: () => Promise<(() => void) | null>;
  inFlight: () => number;
}

export function createConcurrencyLimit(maxConcurrent: number, maxQueue: number): ConcurrencyLimit {
  let active = 0;
  const waiting: (() => void)[] = [];
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else active -= 1;
  };
  return {
    acquire: () => {
      if (active < maxConcurrent) {
        active += 1;
        return Promise.resolve(release);
      }
      if (waiting.length >= maxQueue) return Promise.resolve(null);
      return new Promise((resolve) => waiting.push(() => resolve(release)));
    },
    inFlight: () => active,
  };
}

// Per-route bounded work: at most `maxConcurrent` shadow jobs run, at most `maxQueue` wait; a job
// that fits neither is refused (the caller counts it). Jobs never reject into the queue.

export interface RouteQueue {
  /** Runs or queues the job; false when the queue is full. */
  offer(job: () => Promise<void>): boolean;
  /** True when a new job would be refused now (checked before capturing bodies). */
  readonly full: boolean;
  readonly active: number;
  readonly queued: number;
  /** Resolves when nothing runs and nothing waits. */
  drained(): Promise<void>;
  /** Drops waiting jobs (shutdown); returns how many. */
  clear(): number;
}

/** Creates one route's queue. Example: `createRouteQueue({ maxConcurrent: 32, maxQueue: 32 })`. */
export function createRouteQueue(limits: { maxConcurrent: number; maxQueue: number }): RouteQueue {
  const waiting: (() => Promise<void>)[] = [];
  let active = 0;
  let idle: (() => void)[] = [];

  const start = (job: () => Promise<void>): void => {
    active++;
    void job()
      .catch(() => undefined) // callers wrap jobs to count and log their failures; this only keeps the queue moving
      .finally(() => {
        active--;
        const next = waiting.shift();
        if (next) start(next);
        else if (active === 0) {
          for (const resolve of idle) resolve();
          idle = [];
        }
      });
  };

  return {
    offer(job) {
      if (active < limits.maxConcurrent) start(job);
      else if (waiting.length < limits.maxQueue) waiting.push(job);
      else return false;
      return true;
    },
    get full() {
      return active >= limits.maxConcurrent && waiting.length >= limits.maxQueue;
    },
    get active() {
      return active;
    },
    get queued() {
      return waiting.length;
    },
    drained: () => (active === 0 && waiting.length === 0 ? Promise.resolve() : new Promise((resolve) => idle.push(resolve))),
    clear() {
      const n = waiting.length;
      waiting.length = 0;
      return n;
    },
  };
}

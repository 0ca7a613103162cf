// Wakes the applier as soon as a change is captured: PostgreSQL's LISTEN on the channel the capture trigger
// notifies; other engines are polled. A lost listener is not an error: polling goes on, the listener is retried.
import pg from 'pg';

export interface Waker {
  /** Resolves after `ms`, on a notification, or when `signal` aborts, whichever comes first. */
  wait(ms: number, signal?: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

export function createWaker(url: string | undefined): Waker {
  let wake: (() => void) | undefined;
  let pending = false; // a notification that came while nobody waited
  let client: pg.Client | undefined;
  let retryAt = 0;
  let closed = false;
  const listen = async () => {
    if (!url || client || closed || Date.now() < retryAt) return;
    const c = new pg.Client({ connectionString: url });
    c.on('notification', () => {
      pending = true;
      wake?.();
    });
    c.on('error', () => {
      if (client === c) client = undefined;
      retryAt = Date.now() + 5000;
      void c.end().catch(() => undefined);
    });
    try {
      await c.connect();
      await c.query('LISTEN ficus_sync');
      client = c;
    } catch {
      retryAt = Date.now() + 5000;
      void c.end().catch(() => undefined);
    }
  };
  return {
    async wait(ms, signal) {
      await listen();
      if (pending || signal?.aborted) {
        pending = false;
        return;
      }
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          wake = undefined;
          pending = false;
          resolve();
        };
        const timer = setTimeout(done, ms);
        signal?.addEventListener('abort', done, { once: true });
        wake = done;
      });
    },
    async close() {
      closed = true;
      wake?.();
      await client?.end().catch(() => undefined);
    },
  };
}

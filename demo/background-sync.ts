// `ficus data sync` inside the demo's process: runs until stopped, and lets a step wait for the first
// verified copy or for a change to be applied, as an operator would watch `--status`.
import { runSync, type SyncEvent, type SyncRunReport } from '../services/data-sync/run-sync.js';

export interface BackgroundSync {
  from: string;
  to: string;
  /** Resolves with the snapshot copy's verification (rejects when the run fails before it). */
  copied: Promise<Extract<SyncEvent, { type: 'copied' }>>;
  /** Resolves when the run ends on its own (a `--reverse` taking over, a `--stop`), or rejects on an error. */
  done: Promise<SyncRunReport>;
  /** Changes applied so far. */
  applied: () => number;
  /** Stops the applier (like Ctrl-C on `ficus data sync`) and waits for it. */
  stop: () => Promise<SyncRunReport>;
}

export function startBackgroundSync(o: { from: string; to: string; tables: string[] }): BackgroundSync {
  const abort = new AbortController();
  let applied = 0;
  let onCopied!: (e: Extract<SyncEvent, { type: 'copied' }>) => void;
  const copied = new Promise<Extract<SyncEvent, { type: 'copied' }>>((resolve) => (onCopied = resolve));
  const done = runSync({
    ...o,
    signal: abort.signal,
    onEvent: (e) => {
      if (e.type === 'copied') onCopied(e);
      if (e.type === 'batch') applied += e.changes;
    },
  });
  const firstCopy = Promise.race([copied, done.then(() => Promise.reject(new Error('the sync ended before its first copy')))]);
  // A step or the cleanup awaits these and reports the error; a resumed sync never copies.
  done.catch(() => undefined);
  firstCopy.catch(() => undefined);
  return {
    from: o.from,
    to: o.to,
    copied: firstCopy,
    done,
    applied: () => applied,
    stop: async () => {
      abort.abort();
      return done;
    },
  };
}

// Shadow work runs one job per event-loop turn. A service that answers at a steady latency answers
// whole batches of copies at once (64 copies started together come back together); comparing and
// recording them back to back held client requests for milliseconds. Between turns the event loop
// polls I/O, so the client's traffic is served between shadow jobs instead of behind all of them.

/** Returns `turn()`: resolves in a later event-loop turn, one waiter per turn, first come first served. */
export function createTurns(): () => Promise<void> {
  const waiting: (() => void)[] = [];
  let scheduled = false;
  const next = (): void => {
    const resolve = waiting.shift();
    if (!resolve) {
      scheduled = false;
      return;
    }
    resolve(); // the waiter continues in this turn's microtasks…
    // …and the next turn is queued after whatever it queued: during the check phase, so it runs
    // after the next poll for I/O
    queueMicrotask(() => setImmediate(next));
  };
  return () =>
    new Promise<void>((resolve) => {
      waiting.push(resolve);
      if (!scheduled) {
        scheduled = true;
        setImmediate(next);
      }
    });
}

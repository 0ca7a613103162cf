// What the demo has started, to stop in reverse order on every way out (success, failure, Ctrl-C).

export interface CleanupResult {
  name: string;
  ok: boolean;
  detail: string;
}

export interface Cleanup {
  /** Registers how to stop something just started; `stop` resolves to a short detail ("exit 0"). */
  defer(name: string, stop: () => Promise<string>): void;
  /** Stops everything registered, newest first; safe to call again (later calls wait for the first). */
  run(): Promise<CleanupResult[]>;
}

export function createCleanup(): Cleanup {
  const tasks: { name: string; stop: () => Promise<string> }[] = [];
  let running: Promise<CleanupResult[]> | undefined;
  return {
    defer: (name, stop) => void tasks.push({ name, stop }),
    run: () =>
      (running ??= (async () => {
        const results: CleanupResult[] = [];
        for (const task of tasks.splice(0).reverse()) {
          try {
            results.push({ name: task.name, ok: true, detail: await task.stop() });
          } catch (err) {
            results.push({ name: task.name, ok: false, detail: (err as Error).message ?? String(err) });
          }
        }
        return results;
      })()),
  };
}

// Keeps a copy of a streamed body up to a cap, drawing its bytes from a budget shared by every
// copy the gateway holds. Past the cap, or when the budget is spent, the copy is dropped at once
// (memory stays bounded) and the exchange is not compared; the stream itself is untouched.

/** Bytes all captured copies may hold together (in flight and queued). */
export interface CaptureBudget {
  take(bytes: number): boolean;
  give(bytes: number): void;
  readonly used: number;
}

/** A budget of `maxBytes`. Example: `createCaptureBudget(64 * 1024 * 1024)`. */
export function createCaptureBudget(maxBytes: number): CaptureBudget {
  let used = 0;
  return {
    take(bytes) {
      if (used + bytes > maxBytes) return false;
      used += bytes;
      return true;
    },
    give(bytes) {
      used -= bytes;
    },
    get used() {
      return used;
    },
  };
}

export interface BodyCapture {
  add(chunk: Buffer): void;
  /** Over the per-body cap. */
  readonly tooLarge: boolean;
  /** The shared budget was spent. */
  readonly overBudget: boolean;
  /** The captured body; empty once dropped. */
  body(): Buffer;
  /** Gives the held bytes back to the budget (once; later calls do nothing). */
  release(): void;
}

/** A capture that keeps at most `capBytes`, taken from `budget`. */
export function createBodyCapture(capBytes: number, budget: CaptureBudget): BodyCapture {
  let chunks: Buffer[] = [];
  let seen = 0;
  let held = 0;
  let tooLarge = false;
  let overBudget = false;
  const drop = (): void => {
    chunks = [];
    budget.give(held);
    held = 0;
  };
  return {
    add(chunk) {
      if (tooLarge || overBudget) return;
      seen += chunk.length;
      if (seen > capBytes) {
        tooLarge = true;
        return drop();
      }
      if (!budget.take(chunk.length)) {
        overBudget = true;
        return drop();
      }
      held += chunk.length;
      chunks.push(chunk);
    },
    get tooLarge() {
      return tooLarge;
    },
    get overBudget() {
      return overBudget;
    },
    body: () => (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)),
    release: drop,
  };
}

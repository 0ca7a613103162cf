// Keeps a copy of a streamed body up to a cap. Past the cap the copy is dropped at once (memory
// stays bounded) and the exchange is marked too large to compare; the stream itself is untouched.

export interface BodyCapture {
  add(chunk: Buffer): void;
  readonly tooLarge: boolean;
  readonly bytes: number;
  /** The captured body; empty once too large. */
  body(): Buffer;
}

/** A capture that keeps at most `capBytes`. */
export function createBodyCapture(capBytes: number): BodyCapture {
  let chunks: Buffer[] = [];
  let bytes = 0;
  let tooLarge = false;
  return {
    add(chunk) {
      if (tooLarge) return;
      bytes += chunk.length;
      if (bytes > capBytes) {
        tooLarge = true;
        chunks = [];
        return;
      }
      chunks.push(chunk);
    },
    get tooLarge() {
      return tooLarge;
    },
    get bytes() {
      return bytes;
    },
    body: () => (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)),
  };
}

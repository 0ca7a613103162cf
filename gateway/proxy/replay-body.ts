// The small body of an idempotent request, kept while it streams to the service, so that a request
// whose connection to the service was refused can be replayed on the monolith with its body: the
// service never saw it. Only a body with a content-length at most the route's `fallbackBodyCapBytes`
// is kept (a chunked body has no length to check before it is read); anything else is not replayed.
import type { IncomingMessage } from 'node:http';

export interface KeptBody {
  chunks: Buffer[];
}

/** Starts keeping `req`'s body when it has a content-length of 1..`capBytes`; undefined otherwise. Call after the body is piped upstream. */
export function keepForReplay(req: IncomingMessage, clientHeaders: IncomingMessage['headers'], capBytes: number): KeptBody | undefined {
  const length = Number(clientHeaders['content-length'] ?? 0);
  if (clientHeaders['transfer-encoding'] !== undefined || length === 0 || length > capBytes) return undefined;
  const kept: KeptBody = { chunks: [] };
  req.on('data', (chunk: Buffer) => kept.chunks.push(chunk));
  return kept;
}

/** Calls `replay` with the whole body once the client has sent it (never, if the client goes away first). */
export function whenReceived(req: IncomingMessage, kept: KeptBody, replay: (body: Buffer) => void): void {
  if (req.readableEnded) {
    replay(Buffer.concat(kept.chunks));
    return;
  }
  req.once('end', () => replay(Buffer.concat(kept.chunks)));
  req.resume(); // the failed upstream request was the pipe's only destination: the rest of the body flows to `kept`
}

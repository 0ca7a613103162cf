// The small body of an idempotent request, replayed on the monolith when the connection to the
// service was refused: the service never saw a byte of it. undici reads a request body only once
// it has a connection, so after a connect failure the body is still unread in the client's request
// and is read whole here, then sent with its length. Only a body with a content-length at most the
// route's `fallbackBodyCapBytes` qualifies (a chunked body has no length to check before it is read).
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/** Whether a request with these client headers may be replayed: no body, or a content-length of at most `capBytes`. */
export function isReplayable(clientHeaders: IncomingHttpHeaders, capBytes: number): boolean {
  if (clientHeaders['transfer-encoding'] !== undefined) return false;
  return Number(clientHeaders['content-length'] ?? 0) <= capBytes;
}

/** Calls `replay` with the whole body once the client has sent it (never, if the client goes away first). */
export function readWholeBody(req: IncomingMessage, replay: (body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.once('end', () => replay(Buffer.concat(chunks)));
}

// The request id travels from the gateway (x-request-id) through the service's logs, its responses
// and its outgoing client calls; AsyncLocalStorage carries it so a client call needs no plumbing.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';

export const REQUEST_ID_HEADER = 'x-request-id';

export interface RequestContext {
  requestId: string;
  log: Logger;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` with `context` as the current request context. */
export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** The request being served by this async call chain, if any. */
export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

// Ids are echoed into headers and logs, so only short, printable tokens are trusted.
const SAFE_ID = /^[A-Za-z0-9._:\-/+=]{1,200}$/;

/** The incoming id when it is a safe token, else a fresh UUID. */
export function pickRequestId(incoming: string | string[] | undefined): string {
  const value = Array.isArray(incoming) ? incoming[0] : incoming;
  return value && SAFE_ID.test(value) ? value : randomUUID();
}

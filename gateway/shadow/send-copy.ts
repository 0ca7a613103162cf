// Sends one captured request to an upstream (the service, or the monolith a second time for noise)
// and captures its answer up to the cap. Every failure is an outcome, never a thrown error.
import http from 'node:http';
import https from 'node:https';
import { classifyUpstreamError, type UpstreamOutcome } from '../../common/outcome.js';
import type { CapturedResponse } from '../compare/diff-responses.js';
import { upstreamPath } from '../upstream/upstream-path.js';

/** An upstream outcome (common/outcome.ts), or the answer was over the capture cap. */
export type CopyOutcome = UpstreamOutcome | 'too_large';

export type CopyAnswer = { outcome: 'ok'; response: CapturedResponse } | { outcome: Exclude<CopyOutcome, 'ok'>; detail: string };

export interface CopyRequest {
  target: URL; // upstream base: http://127.0.0.1:4001
  agent: http.Agent;
  method: string;
  url: string; // path + query as sent to the primary
  headers: http.OutgoingHttpHeaders;
  body: Buffer;
  timeoutMs: number;
  capBytes: number;
}

/** Sends the copy; resolves with the captured answer or the reason there is none. */
export function sendCopy(req: CopyRequest): Promise<CopyAnswer> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (answer: CopyAnswer): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(answer);
    };
    const transport = req.target.protocol === 'https:' ? https : http;
    let outgoing: http.ClientRequest;
    try {
      outgoing = transport.request({
        protocol: req.target.protocol,
        hostname: req.target.hostname,
        port: req.target.port,
        method: req.method,
        path: upstreamPath(req.target, req.url),
        headers: req.headers,
        agent: req.agent,
      });
    } catch (err) {
      // e.g. a header value node refuses to send: the copy cannot be made, the primary was fine
      return resolve({ outcome: 'upstream_error', detail: (err as NodeJS.ErrnoException).code ?? (err as Error).message });
    }
    // One deadline for the whole exchange (connect, head and body), unlike socket idle timeouts.
    const timer = setTimeout(() => {
      finish({ outcome: 'upstream_timeout', detail: `no complete answer within ${req.timeoutMs} ms` });
      outgoing.destroy();
    }, req.timeoutMs);
    outgoing.on('error', (err: NodeJS.ErrnoException) => finish(classifyError(err)));
    outgoing.on('response', (res) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > req.capBytes) {
          finish({ outcome: 'too_large', detail: `answer over ${req.capBytes} bytes` });
          res.destroy();
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => finish({ outcome: 'ok', response: { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) } }));
      res.on('error', (err: NodeJS.ErrnoException) => finish(classifyError(err)));
      res.on('aborted', () => finish({ outcome: 'upstream_reset', detail: 'answer aborted' }));
    });
    outgoing.end(req.body.length > 0 ? req.body : undefined);
  });
}

function classifyError(err: NodeJS.ErrnoException): CopyAnswer {
  return { outcome: classifyUpstreamError(err).outcome, detail: err.code ?? err.message };
}

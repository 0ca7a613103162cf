// The tap on one primary exchange of a shadow route: keeps bounded copies of the request body and
// the monolith's answer and, once the client's response has ended, hands them over as a job (or
// says why not). It only copies: nothing here can delay, alter or fail the client's response.
import type http from 'node:http';
import type { CapturedResponse } from '../compare/diff-responses.js';
import type { RouteConfig } from '../config/schema.js';
import type { ExchangeInfo, ExchangeResult, ExchangeTap } from '../hooks.js';
import type { ShadowCounter } from '../store/shadow-records.js';
import { createBodyCapture, type CaptureBudget } from './capture-body.js';

/** A captured exchange waiting for its copy. */
export interface ShadowJob {
  info: ExchangeInfo;
  route: RouteConfig;
  requestBody: Buffer;
  primary: CapturedResponse;
  /** How long the monolith took to answer the client, end to end. */
  monolithMs: number;
  /** Gives the captured bodies' bytes back to the budget. */
  release: () => void;
}

export interface CaptureOptions {
  budget: CaptureBudget;
  isClosing: () => boolean;
  onJob: (job: ShadowJob) => void;
  onSkip: (reason: ShadowCounter) => void;
}

/** The tap capturing `info`'s exchange for `route`. */
export function captureExchange(info: ExchangeInfo, route: RouteConfig, o: CaptureOptions): ExchangeTap {
  const cap = route.shadow.bodyCapBytes;
  const request = createBodyCapture(cap, o.budget);
  const response = createBodyCapture(cap, o.budget);
  const release = (): void => {
    request.release();
    response.release();
  };
  let status = 0;
  let headers: http.IncomingHttpHeaders = {};
  return {
    onRequestChunk: (chunk) => request.add(chunk),
    onResponse: (s, h) => {
      status = s;
      headers = h;
    },
    onResponseChunk: (chunk) => response.add(chunk),
    onComplete: (result) => {
      const skip = skipReason(result, request.tooLarge || response.tooLarge, request.overBudget || response.overBudget, o.isClosing());
      if (skip) {
        release();
        return o.onSkip(skip);
      }
      o.onJob({ info, route, requestBody: request.body(), primary: { status, headers, body: response.body() }, monolithMs: result.durationMs, release });
    },
  };
}

function skipReason(result: ExchangeResult, tooLarge: boolean, overBudget: boolean, closing: boolean): ShadowCounter | undefined {
  // The client's request never arrived whole (it left, timed out, or its body did not parse): nothing to copy.
  if (result.outcome === 'client_abort' || result.outcome === 'client_timeout' || result.outcome === 'rejected') return 'skipped_client_abort';
  if (result.outcome !== 'ok') return 'errors_monolith';
  if (tooLarge) return 'skipped_too_large';
  if (overBudget) return 'skipped_memory';
  if (closing) return 'skipped_closing';
  return undefined;
}

// RFC 9457 problem+json answers for errors and unmatched routes, so every service fails the same way.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { sendProblem, statusTitle } from '../../common/problem.js';
import { HttpError } from './errors.js';
import { currentRequestContext } from './request-context.js';

/** The `type` of the 404 a service answers for a path it has no route for (as opposed to a handler's 404). */
export const ROUTE_NOT_FOUND_TYPE = 'urn:ficus:route-not-found';

/** 404 for any path no route matched. */
export const routeNotFound: RequestHandler = (req, res) => {
  sendProblem(res, {
    type: ROUTE_NOT_FOUND_TYPE,
    title: 'Not Found',
    status: 404,
    detail: `no route for ${req.method} ${req.path}`,
    instance: req.originalUrl,
    requestId: currentRequestContext()?.requestId,
  });
};

/** Turns thrown errors into problem+json: HttpError as given, body-parser errors as 4xx, anything else as a logged 500. */
export const handleErrors: ErrorRequestHandler = (err, req, res, next) => {
  if (res.headersSent) return next(err);
  const ctx = currentRequestContext();
  const base = { instance: req.originalUrl, requestId: ctx?.requestId };
  if (err instanceof HttpError) {
    sendProblem(res, { type: err.type, title: err.title, status: err.status, detail: err.message, code: err.code, ...base });
    return;
  }
  // body-parser and friends mark client errors with a 4xx `status` and `expose`.
  const status = typeof err?.status === 'number' ? err.status : 500;
  if (status >= 400 && status < 500) {
    sendProblem(res, { type: 'about:blank', title: statusTitle(status), status, detail: err.expose ? err.message : undefined, ...base });
    return;
  }
  ctx?.log.error({ err }, 'unhandled error');
  sendProblem(res, { type: 'about:blank', title: statusTitle(500), status: 500, ...base });
};

/** A handler for a route that is declared but not written yet: answers 501 problem+json. */
export function notImplemented(route: string): RequestHandler {
  return () => {
    throw new HttpError(501, `${route} is not implemented in this service yet`);
  };
}

// Turns thrown errors into JSON answers: HttpError as is, zod problems as 400 with every path, the rest 500.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import { logError } from './logger.js';
import { HttpError } from './utils.js';

export const handleNotFound: RequestHandler = (req, res) => {
  res.status(404).json({ error: { code: 'ROUTE_NOT_FOUND', message: `no route for ${req.method} ${req.path}` } });
};

export const handleErrors: ErrorRequestHandler = (err: unknown, req, res, _next) => {
  if (err instanceof HttpError) {
    res.status(err.status).json({ error: { code: err.code, message: err.message, details: err.details } });
    return;
  }
  if (err instanceof ZodError) {
    const problems = err.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    res.status(400).json({ error: { code: 'VALIDATION_FAILED', message: 'invalid request body', details: problems } });
    return;
  }
  const e = err as { type?: string; status?: number; message?: string };
  if (e.type === 'entity.parse.failed') {
    res.status(400).json({ error: { code: 'INVALID_JSON', message: 'request body is not valid JSON' } });
    return;
  }
  logError('unhandled error', { method: req.method, path: req.path, error: e.message ?? String(err) });
  res.status(500).json({ error: { code: 'INTERNAL', message: 'internal error', requestId: res.locals.requestId } });
};

// Every response gets a fresh request id (header and res.locals.requestId) for logs and support tickets.
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';

export const assignRequestId: RequestHandler = (_req, res, next) => {
  const id = randomUUID();
  res.locals.requestId = id;
  res.setHeader('x-request-id', id);
  next();
};

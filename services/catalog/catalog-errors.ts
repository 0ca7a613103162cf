// Errors answered in the monolith's shape (`{ error: { code, message, details } }`), so a client, and the
// gateway's shadow diff, see the same 400/404/409 bodies from the service as from the monolith.
import type { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';
import { currentRequestContext } from '../kit/index.js';

export class CatalogHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'CatalogHttpError';
  }
}

export function notFound(what: string, id: unknown): CatalogHttpError {
  return new CatalogHttpError(404, 'NOT_FOUND', `${what} ${String(id)} not found`);
}

export function badRequest(message: string, details?: unknown): CatalogHttpError {
  return new CatalogHttpError(400, 'BAD_REQUEST', message, details);
}

export function conflict(message: string): CatalogHttpError {
  return new CatalogHttpError(409, 'CONFLICT', message);
}

/** Renders catalog errors, validation failures and unparsable JSON like the monolith; anything else goes on to the kit (problem+json 500). */
export const handleCatalogErrors: ErrorRequestHandler = (err: unknown, _req, res, next) => {
  if (err instanceof CatalogHttpError) {
    res.status(err.status).json({ error: { code: err.code, message: err.message, details: err.details } });
    return;
  }
  if (err instanceof ZodError) {
    const problems = err.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    res.status(400).json({ error: { code: 'VALIDATION_FAILED', message: 'invalid request body', details: problems } });
    return;
  }
  if ((err as { type?: string }).type === 'entity.parse.failed') {
    res.status(400).json({ error: { code: 'INVALID_JSON', message: 'request body is not valid JSON' } });
    return;
  }
  currentRequestContext()?.log.debug({ err }, 'not a catalog error; the kit answers it');
  next(err);
};

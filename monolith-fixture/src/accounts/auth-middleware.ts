// Resolves `Authorization: Bearer <token>` to res.locals.userId, or answers 401.
import type { RequestHandler } from 'express';
import { HttpError } from '../lib/utils.js';
import { findSessionUser } from './session-repo.js';

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}

export const requireUser: RequestHandler = async (req, res, next) => {
  const token = bearerToken(req.headers.authorization);
  const userId = token ? await findSessionUser(token) : undefined;
  if (!userId) throw new HttpError(401, 'UNAUTHENTICATED', 'a valid bearer token is required');
  res.locals.userId = userId;
  res.locals.token = token;
  next();
};

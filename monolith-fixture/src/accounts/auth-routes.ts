// Mounted at /api/auth.
import { Router } from 'express';
import { notFound } from '../lib/utils.js';
import { requireUser } from './auth-middleware.js';
import { deleteSession } from './session-repo.js';
import { findUserById, toUser } from './user-repo.js';
import { loginSchema, loginUser, registerSchema, registerUser } from './user-service.js';

export const authRouter = Router();

authRouter.post('/register', async (req, res) => {
  const user = await registerUser(registerSchema.parse(req.body));
  res.status(201).json(user);
});

authRouter.post('/login', async (req, res) => {
  res.json(await loginUser(loginSchema.parse(req.body)));
});

authRouter.post('/logout', requireUser, async (_req, res) => {
  await deleteSession(String(res.locals.token));
  res.status(204).end();
});

authRouter.get('/me', requireUser, async (_req, res) => {
  const row = await findUserById(Number(res.locals.userId));
  if (!row) throw notFound('user', res.locals.userId);
  res.json(toUser(row));
});

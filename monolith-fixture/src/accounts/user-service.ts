// Registration and login rules.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { conflict, HttpError } from '../lib/utils.js';
import { hashPassword, verifyPassword } from './password.js';
import { createSession } from './session-repo.js';
import { emailTaken, findUserByEmail, findUserById, insertUser, toUser, type User } from './user-repo.js';

export const registerSchema = z.object({
  email: z.string().trim().email().max(200),
  name: z.string().trim().min(1).max(120),
  password: z.string().min(8).max(200),
});

export const loginSchema = z.object({ email: z.string().trim().email(), password: z.string().min(1) });

export async function registerUser(input: z.infer<typeof registerSchema>): Promise<User> {
  if (await emailTaken(input.email)) throw conflict(`email ${input.email} is already registered`);
  const id = await insertUser({ email: input.email, name: input.name, passwordHash: hashPassword(input.password, randomBytes(8).toString('hex')) });
  const row = await findUserById(id);
  return toUser(row!);
}

export async function loginUser(input: z.infer<typeof loginSchema>): Promise<{ token: string; user: User }> {
  const row = await findUserByEmail(input.email);
  if (!row || !verifyPassword(input.password, row.password_hash)) throw new HttpError(401, 'BAD_CREDENTIALS', 'wrong email or password');
  const token = randomBytes(24).toString('hex');
  await createSession(row.id, token, 24);
  return { token, user: toUser(row) };
}

// Login sessions: opaque bearer tokens with an expiry. Only a hash of each token is stored, so a
// copy of the table gives no usable token.
import { createHash } from 'node:crypto';
import { db } from '../lib/db.js';

const SESSIONS = 'sessions';

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createSession(userId: number, token: string, ttlHours: number): Promise<void> {
  const now = Date.now();
  await db(SESSIONS).insert({
    user_id: userId,
    token: tokenHash(token),
    created_at: new Date(now).toISOString(),
    expires_at: new Date(now + ttlHours * 3_600_000).toISOString(),
  });
}

/** The user id a live token belongs to. */
export async function findSessionUser(token: string): Promise<number | undefined> {
  const row = await db(SESSIONS).select('user_id', 'expires_at').where({ token: tokenHash(token) }).first();
  if (!row) return undefined;
  const expires = row.expires_at instanceof Date ? row.expires_at : new Date(String(row.expires_at));
  return expires.getTime() > Date.now() ? Number(row.user_id) : undefined;
}

export async function deleteSession(token: string): Promise<number> {
  return db(SESSIONS).where({ token: tokenHash(token) }).delete();
}

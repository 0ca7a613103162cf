// Users: plain string table names, the way the first version of the shop was written.
import { db } from '../lib/db.js';
import { insertedId, toIso } from '../lib/utils.js';

export interface UserRow {
  id: number;
  email: string;
  name: string;
  password_hash: string;
  role: string;
  created_at: unknown;
}

export interface User {
  id: number;
  email: string;
  name: string;
  role: string;
  createdAt: string | null;
}

export function toUser(row: UserRow): User {
  return { id: row.id, email: row.email, name: row.name, role: row.role, createdAt: toIso(row.created_at) };
}

export async function findUserById(id: number): Promise<UserRow | undefined> {
  return db('users').where({ id }).first();
}

export async function findUserByEmail(email: string): Promise<UserRow | undefined> {
  return db('users').where({ email: email.toLowerCase() }).first();
}

export async function emailTaken(email: string): Promise<boolean> {
  const row = await db('users').select('id').where({ email: email.toLowerCase() }).first();
  return row !== undefined;
}

export async function insertUser(input: { email: string; name: string; passwordHash: string }): Promise<number> {
  const rows = await db('users')
    .insert({ email: input.email.toLowerCase(), name: input.name, password_hash: input.passwordHash, role: 'customer', created_at: new Date().toISOString() })
    .returning('id');
  return insertedId(rows);
}

export async function updateUserName(id: number, name: string): Promise<number> {
  return db('users').where({ id }).update({ name });
}

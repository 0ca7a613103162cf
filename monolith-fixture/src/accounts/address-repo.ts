// A user's addresses.
import { db } from '../lib/db.js';
import { conflict, insertedId, isForeignKeyViolation, toBool, toIso } from '../lib/utils.js';

const TABLE = 'addresses';

export interface Address {
  id: number;
  userId: number;
  line1: string;
  city: string;
  postalCode: string;
  country: string;
  isDefault: boolean;
  createdAt: string | null;
}

function toAddress(row: Record<string, unknown>): Address {
  return {
    id: Number(row.id),
    userId: Number(row.user_id),
    line1: String(row.line1),
    city: String(row.city),
    postalCode: String(row.postal_code),
    country: String(row.country),
    isDefault: toBool(row.is_default),
    createdAt: toIso(row.created_at),
  };
}

export async function listAddresses(userId: number): Promise<Address[]> {
  const rows = await db(TABLE).where({ user_id: userId }).orderBy('id');
  return rows.map(toAddress);
}

export async function findAddress(userId: number, id: number): Promise<Address | undefined> {
  const row = await db(TABLE).where({ user_id: userId, id }).first();
  return row ? toAddress(row) : undefined;
}

export async function addAddress(userId: number, input: Omit<Address, 'id' | 'userId' | 'createdAt'>): Promise<number> {
  return db.transaction(async (trx) => {
    if (input.isDefault) await trx(TABLE).where({ user_id: userId }).update({ is_default: false });
    const rows = await trx(TABLE)
      .insert({
        user_id: userId,
        line1: input.line1,
        city: input.city,
        postal_code: input.postalCode,
        country: input.country,
        is_default: input.isDefault,
        created_at: new Date().toISOString(),
      })
      .returning('id');
    return insertedId(rows);
  });
}

/** Deletes an address; refuses (409) while orders still ship to it. */
export async function deleteAddress(userId: number, id: number): Promise<number> {
  try {
    return await db(TABLE).where({ user_id: userId, id }).del();
  } catch (err) {
    if (isForeignKeyViolation(err)) throw conflict(`address ${id} is used by orders`);
    throw err;
  }
}

// Carts and their lines. Reads products directly for names and prices (the catalog never got an API for it).
import { db } from '../lib/db.js';
import { insertedId, toInt, toIso } from '../lib/utils.js';

export interface CartLine {
  itemId: number;
  productId: number;
  sku: string;
  name: string;
  quantity: number;
  unitPriceCents: number;
  addedAt: string | null;
}

export async function findCartId(userId: number): Promise<number | undefined> {
  const row = await db('carts').where({ user_id: userId }).first('id');
  return row ? toInt(row.id) : undefined;
}

export async function findOrCreateCartId(userId: number): Promise<number> {
  const existing = await findCartId(userId);
  if (existing !== undefined) return existing;
  const now = new Date().toISOString();
  return insertedId(await db('carts').insert({ user_id: userId, created_at: now, updated_at: now }).returning('id'));
}

export async function cartLines(cartId: number): Promise<CartLine[]> {
  const rows = await db('cart_items as ci')
    .join('products as p', 'p.id', 'ci.product_id')
    .where('ci.cart_id', cartId)
    .select('ci.id', 'ci.product_id', 'p.sku', 'p.name', 'ci.quantity', 'p.price_cents', 'ci.added_at')
    .orderBy('ci.id');
  return rows.map((r: Record<string, unknown>) => ({
    itemId: toInt(r.id),
    productId: toInt(r.product_id),
    sku: String(r.sku),
    name: String(r.name),
    quantity: toInt(r.quantity),
    unitPriceCents: toInt(r.price_cents),
    addedAt: toIso(r.added_at),
  }));
}

/** Price of an active product, or undefined when it does not exist or is switched off. */
export async function activeProductPrice(productId: number): Promise<number | undefined> {
  const row = await db('products').where({ id: productId, active: true }).first('price_cents');
  return row ? toInt(row.price_cents) : undefined;
}

/** Sets the quantity of a product in a cart, adding the line when it is new. */
export async function upsertCartItem(cartId: number, productId: number, quantity: number): Promise<void> {
  const now = new Date().toISOString();
  await db('cart_items')
    .insert({ cart_id: cartId, product_id: productId, quantity, added_at: now })
    .onConflict(['cart_id', 'product_id'])
    .merge(['quantity']);
  await db('carts').where({ id: cartId }).update({ updated_at: now });
}

export async function cartItemQuantity(cartId: number, productId: number): Promise<number> {
  const row = await db('cart_items').where({ cart_id: cartId, product_id: productId }).first('quantity');
  return row ? toInt(row.quantity) : 0;
}

export async function setCartItemQuantity(cartId: number, itemId: number, quantity: number): Promise<number> {
  return db('cart_items').where({ cart_id: cartId, id: itemId }).update({ quantity });
}

export async function removeCartItem(cartId: number, itemId: number): Promise<number> {
  return db('cart_items').where({ cart_id: cartId, id: itemId }).delete();
}

export async function clearCart(cartId: number): Promise<number> {
  return db('cart_items').where({ cart_id: cartId }).delete();
}

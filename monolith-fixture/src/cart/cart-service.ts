// Cart rules: only active products, at most 20 of one item, totals in cents.
import { findUserById } from '../accounts/user-repo.js';
import { badRequest, formatCents, notFound } from '../lib/utils.js';
import {
  activeProductPrice,
  cartItemQuantity,
  cartLines,
  clearCart,
  findCartId,
  findOrCreateCartId,
  removeCartItem,
  setCartItemQuantity,
  upsertCartItem,
  type CartLine,
} from './cart-repo.js';

export const MAX_QUANTITY = 20;

export interface CartView {
  userId: number;
  items: (CartLine & { lineTotalCents: number })[];
  itemCount: number;
  totalCents: number;
  total: string;
}

async function ensureUser(userId: number): Promise<void> {
  if (!(await findUserById(userId))) throw notFound('user', userId);
}

export async function viewCart(userId: number): Promise<CartView> {
  await ensureUser(userId);
  const cartId = await findCartId(userId);
  const lines = cartId === undefined ? [] : await cartLines(cartId);
  const items = lines.map((l) => ({ ...l, lineTotalCents: l.quantity * l.unitPriceCents }));
  const totalCents = items.reduce((n, l) => n + l.lineTotalCents, 0);
  return { userId, items, itemCount: items.reduce((n, l) => n + l.quantity, 0), totalCents, total: formatCents(totalCents) };
}

export async function addToCart(userId: number, productId: number, quantity: number): Promise<CartView> {
  await ensureUser(userId);
  if ((await activeProductPrice(productId)) === undefined) throw badRequest(`product ${productId} is not available`);
  const cartId = await findOrCreateCartId(userId);
  const total = (await cartItemQuantity(cartId, productId)) + quantity;
  if (total > MAX_QUANTITY) throw badRequest(`at most ${MAX_QUANTITY} of one product per cart`);
  await upsertCartItem(cartId, productId, total);
  return viewCart(userId);
}

export async function changeQuantity(userId: number, itemId: number, quantity: number): Promise<CartView> {
  const cartId = await findCartId(userId);
  const changed = cartId === undefined ? 0 : await setCartItemQuantity(cartId, itemId, quantity);
  if (!changed) throw notFound('cart item', itemId);
  return viewCart(userId);
}

export async function removeFromCart(userId: number, itemId: number): Promise<CartView> {
  const cartId = await findCartId(userId);
  const removed = cartId === undefined ? 0 : await removeCartItem(cartId, itemId);
  if (!removed) throw notFound('cart item', itemId);
  return viewCart(userId);
}

export async function emptyCart(userId: number): Promise<void> {
  await ensureUser(userId);
  const cartId = await findCartId(userId);
  if (cartId !== undefined) await clearCart(cartId);
}

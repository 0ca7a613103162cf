// Turns a user's cart into a pending order: takes stock, applies a coupon, empties the cart.
// Takes stock straight from the inventory tables inside the order transaction (faster than asking inventory).
import { findAddress } from '../accounts/address-repo.js';
import { findUserById } from '../accounts/user-repo.js';
import { cartLines, clearCart, findCartId } from '../cart/cart-repo.js';
import { STOCK_LEVELS } from '../inventory/inventory-tables.js';
import { db } from '../lib/db.js';
import { publishEvent } from '../lib/events.js';
import { badRequest, formatCents, HttpError, notFound, toInt } from '../lib/utils.js';
import { notifyUser } from '../notifications/notify.js';
import { couponUsable, findCouponByCode, useCoupon } from './coupon-repo.js';
import { insertOrder } from './order-repo.js';

export interface CheckoutInput {
  userId: number;
  couponCode?: string;
  addressId?: number;
}

export async function placeOrder(input: CheckoutInput): Promise<number> {
  if (!(await findUserById(input.userId))) throw notFound('user', input.userId);
  const cartId = await findCartId(input.userId);
  const lines = cartId === undefined ? [] : await cartLines(cartId);
  if (lines.length === 0) throw new HttpError(422, 'CART_EMPTY', 'the cart is empty');
  if (input.addressId !== undefined && !(await findAddress(input.userId, input.addressId))) throw badRequest(`address ${input.addressId} is not one of the user's addresses`);
  const coupon = input.couponCode ? await findCouponByCode(input.couponCode) : undefined;
  if (input.couponCode && (!coupon || !couponUsable(coupon))) throw badRequest(`coupon ${input.couponCode} is not valid`);

  const subtotalCents = lines.reduce((n, l) => n + l.quantity * l.unitPriceCents, 0);
  const discountCents = coupon ? Math.floor((subtotalCents * coupon.percentOff) / 100) : 0;
  const orderId = await db.transaction(async (trx) => {
    const now = new Date().toISOString();
    for (const line of lines) {
      const level = await trx(STOCK_LEVELS)
        .where({ product_id: line.productId })
        .whereRaw('quantity - reserved >= ?', [line.quantity])
        .orderBy([{ column: 'quantity', order: 'desc' }, { column: 'warehouse_id' }])
        .first();
      if (!level) throw new HttpError(409, 'OUT_OF_STOCK', `product ${line.productId} (${line.sku}) is out of stock`);
      await trx(STOCK_LEVELS).where({ id: level.id }).update({ quantity: toInt(level.quantity) - line.quantity, updated_at: now });
    }
    if (coupon) await useCoupon(trx, coupon.id);
    return insertOrder(trx, {
      userId: input.userId,
      subtotalCents,
      discountCents,
      couponId: coupon?.id ?? null,
      shippingAddressId: input.addressId ?? null,
      items: lines.map((l) => ({ productId: l.productId, quantity: l.quantity, unitPriceCents: l.unitPriceCents })),
    });
  });
  await clearCart(cartId!);
  await notifyUser(input.userId, 'order_placed', `Order #${orderId} placed: ${formatCents(subtotalCents - discountCents)} EUR`);
  // Not awaited: the order is placed whether or not the broker takes the event.
  void publishEvent('order.placed', { orderId, userId: input.userId, totalCents: subtotalCents - discountCents, placedAt: new Date().toISOString() });
  return orderId;
}

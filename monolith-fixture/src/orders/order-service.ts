// Order lifecycle operations. Cancelling a paid order refunds it through payments, and payments
// mark orders paid through here: the two modules import each other.
import { db } from '../lib/db.js';
import { HttpError, notFound } from '../lib/utils.js';
import { notifyUser } from '../notifications/notify.js';
import { refundOrderPayments } from '../payments/payment-service.js';
import { findOrder, orderItems, updateOrderStatus, type Order } from './order-repo.js';
import { canTransition, type OrderStatus } from './order-status.js';

export async function requireOrder(id: number): Promise<Order> {
  const order = await findOrder(id);
  if (!order) throw notFound('order', id);
  return order;
}

export async function getOrderDetail(id: number) {
  const order = await requireOrder(id);
  return { ...order, items: await orderItems(id) };
}

async function transitionOrder(id: number, to: OrderStatus, note: string): Promise<Order> {
  const order = await requireOrder(id);
  if (!canTransition(order.status, to)) throw new HttpError(409, 'INVALID_TRANSITION', `order ${id} is ${order.status}; it cannot become ${to}`);
  const moved = await db.transaction((trx) => updateOrderStatus(trx, id, order.status, to, note));
  if (!moved) throw new HttpError(409, 'CONCURRENT_UPDATE', `order ${id} changed meanwhile; retry`);
  return requireOrder(id);
}

export async function markOrderPaid(id: number): Promise<Order> {
  return transitionOrder(id, 'paid', 'payment captured');
}

export async function markOrderShipped(id: number): Promise<Order> {
  return transitionOrder(id, 'shipped', 'handed to carrier');
}

export async function markOrderDelivered(id: number): Promise<Order> {
  return transitionOrder(id, 'delivered', 'delivered by carrier');
}

export async function cancelOrder(id: number, reason: string): Promise<Order> {
  const order = await requireOrder(id);
  if (!canTransition(order.status, 'cancelled')) throw new HttpError(409, 'INVALID_TRANSITION', `order ${id} is ${order.status}; it cannot be cancelled`);
  if (order.status === 'paid') await refundOrderPayments(id, reason);
  const cancelled = await transitionOrder(id, 'cancelled', reason);
  await notifyUser(order.userId, 'order_cancelled', `Order #${id} was cancelled: ${reason}`);
  return cancelled;
}

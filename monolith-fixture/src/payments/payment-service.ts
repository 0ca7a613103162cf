// Charging orders and refunding payments. Imports the order service, which imports this one back.
import { HttpError, badRequest, notFound } from '../lib/utils.js';
import { markOrderPaid, requireOrder } from '../orders/order-service.js';
import { authorizeCharge } from './gateway-client.js';
import { findPayment, insertPayment, insertRefund, paymentsForOrder, refundedCents, setPaymentStatus, type Payment } from './payment-repo.js';

export async function requirePayment(id: number): Promise<Payment> {
  const payment = await findPayment(id);
  if (!payment) throw notFound('payment', id);
  return payment;
}

/** Charges a pending order's total; a declined card is recorded as a failed payment (402). */
export async function chargeOrder(orderId: number): Promise<Payment> {
  const order = await requireOrder(orderId);
  if (order.status !== 'pending') throw new HttpError(409, 'ORDER_NOT_PAYABLE', `order ${orderId} is ${order.status}`);
  const result = authorizeCharge(order.totalCents);
  const id = await insertPayment({ orderId, amountCents: order.totalCents, status: result.approved ? 'captured' : 'failed', providerRef: result.reference });
  if (!result.approved) throw new HttpError(402, 'PAYMENT_DECLINED', result.declineReason ?? 'declined', { paymentId: id });
  await markOrderPaid(orderId);
  return requirePayment(id);
}

export async function refundPayment(paymentId: number, amountCents: number, reason: string) {
  const payment = await requirePayment(paymentId);
  if (payment.status !== 'captured') throw new HttpError(409, 'NOT_REFUNDABLE', `payment ${paymentId} is ${payment.status}`);
  const remaining = payment.amountCents - (await refundedCents(paymentId));
  if (amountCents > remaining) throw badRequest(`at most ${remaining} cents can still be refunded`);
  const refundId = await insertRefund({ paymentId, amountCents, reason });
  if (amountCents === remaining) await setPaymentStatus(paymentId, 'refunded');
  return { refundId, paymentId, amountCents, remainingCents: remaining - amountCents };
}

/** Refunds whatever is left of every captured payment of an order. */
export async function refundOrderPayments(orderId: number, reason: string): Promise<void> {
  for (const p of await paymentsForOrder(orderId)) {
    if (p.status !== 'captured') continue;
    const remaining = p.amountCents - (await refundedCents(p.id));
    if (remaining > 0) await refundPayment(p.id, remaining, reason);
  }
}

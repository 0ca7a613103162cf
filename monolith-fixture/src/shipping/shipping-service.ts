// Quotes and shipments. Shipping an order moves it to "shipped" through the order service.
import { randomBytes } from 'node:crypto';
import { formatCents, HttpError, notFound } from '../lib/utils.js';
import { markOrderDelivered, markOrderShipped, requireOrder } from '../orders/order-service.js';
import { ratesFor } from './rate-repo.js';
import { shipments, toShipment } from './shipment-repo.js';

export async function quoteShipping(country: string, items: number) {
  const rates = await ratesFor(country);
  return rates.map((r) => {
    const cents = r.baseCents + r.perItemCents * Math.max(0, items - 1);
    return { carrier: r.carrier, service: r.service, priceCents: cents, price: formatCents(cents) };
  });
}

export async function shipmentsOfOrder(orderId: number) {
  await requireOrder(orderId);
  return (await shipments.forOrder(orderId)).map(toShipment);
}

export async function shipOrder(orderId: number, carrier: string) {
  const order = await requireOrder(orderId);
  if (order.status !== 'paid') throw new HttpError(409, 'ORDER_NOT_SHIPPABLE', `order ${orderId} is ${order.status}; only paid orders ship`);
  const id = await shipments.create(orderId, carrier, `${carrier.slice(0, 3).toUpperCase()}${randomBytes(6).toString('hex').toUpperCase()}`);
  await markOrderShipped(orderId);
  return toShipment((await shipments.findById(id))!);
}

export async function getShipment(id: number) {
  const row = await shipments.findById(id);
  if (!row) throw notFound('shipment', id);
  return toShipment(row);
}

export async function deliverShipment(id: number) {
  const shipment = await getShipment(id);
  if (shipment.status === 'delivered') return shipment;
  await shipments.markDelivered(id);
  await markOrderDelivered(shipment.orderId);
  return getShipment(id);
}

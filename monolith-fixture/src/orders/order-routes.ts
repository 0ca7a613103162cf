// Mounted at /api/orders; shipments of an order are nested under /api/orders/:orderId/shipments.
import { Router } from 'express';
import { z } from 'zod';
import { badRequest, optionalId, parseId, parsePagination } from '../lib/utils.js';
import { shipmentRouter } from '../shipping/shipment-routes.js';
import { placeOrder } from './checkout-service.js';
import { listOrders, orderHistory } from './order-repo.js';
import { cancelOrder, getOrderDetail, requireOrder } from './order-service.js';
import { isOrderStatus } from './order-status.js';

export const orderRouter = Router();

const checkoutSchema = z.object({
  userId: z.number().int().positive(),
  couponCode: z.string().trim().min(1).max(40).optional(),
  addressId: z.number().int().positive().optional(),
});
const cancelSchema = z.object({ reason: z.string().trim().min(3).max(200) });

orderRouter.get('/', async (req, res) => {
  const status = req.query.status;
  if (status !== undefined && !isOrderStatus(status)) throw badRequest(`status must be one of pending, paid, shipped, delivered, cancelled`);
  const page = parsePagination(req.query);
  const { items, total } = await listOrders({ userId: optionalId(req.query.userId, 'userId'), status }, page);
  res.json({ items, total, ...page });
});

orderRouter.post('/', async (req, res) => {
  const id = await placeOrder(checkoutSchema.parse(req.body));
  res.status(201).json(await getOrderDetail(id));
});

orderRouter.get('/:id', async (req, res) => {
  res.json(await getOrderDetail(parseId(req.params.id)));
});

orderRouter.post('/:id/cancel', async (req, res) => {
  const { reason } = cancelSchema.parse(req.body);
  res.json(await cancelOrder(parseId(req.params.id), reason));
});

orderRouter.get('/:id/history', async (req, res) => {
  const id = parseId(req.params.id);
  await requireOrder(id);
  res.json({ orderId: id, items: await orderHistory(id) });
});

orderRouter.use('/:orderId/shipments', shipmentRouter);

// Mounted at /api/payments. Routes are declared as data and registered by createControllerRouter.
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { createControllerRouter, type RouteDef } from '../lib/controller.js';
import { parseId } from '../lib/utils.js';
import { listRefunds } from './payment-repo.js';
import { chargeOrder, refundPayment, requirePayment } from './payment-service.js';

const chargeSchema = z.object({ orderId: z.number().int().positive() });
const refundSchema = z.object({ amountCents: z.number().int().positive(), reason: z.string().trim().min(3).max(200) });

const showPayment: RequestHandler = async (req, res) => {
  res.json(await requirePayment(parseId(req.params.id)));
};

const createPayment: RequestHandler = async (req, res) => {
  const { orderId } = chargeSchema.parse(req.body);
  res.status(201).json(await chargeOrder(orderId));
};

const createRefund: RequestHandler = async (req, res) => {
  const { amountCents, reason } = refundSchema.parse(req.body);
  res.status(201).json(await refundPayment(parseId(req.params.id), amountCents, reason));
};

const showRefunds: RequestHandler = async (req, res) => {
  const id = parseId(req.params.id);
  await requirePayment(id);
  res.json({ paymentId: id, items: await listRefunds(id) });
};

const routes: RouteDef[] = [
  { method: 'get', path: '/:id', handler: showPayment },
  { method: 'post', path: '/', handler: createPayment },
  { method: 'post', path: '/:id/refunds', handler: createRefund },
  { method: 'get', path: '/:id/refunds', handler: showRefunds },
];

export const paymentRouter = createControllerRouter(routes);

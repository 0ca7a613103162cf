// Nested in the order router at /api/orders/:orderId/shipments.
import { Router } from 'express';
import { z } from 'zod';
import { parseId } from '../lib/utils.js';
import { shipOrder, shipmentsOfOrder } from './shipping-service.js';

export const shipmentRouter = Router({ mergeParams: true });

const shipSchema = z.object({ carrier: z.enum(['dhl', 'ups', 'postnl', 'colissimo']) });

shipmentRouter.get('/', async (req, res) => {
  const orderId = parseId((req.params as Record<string, string>).orderId, 'orderId');
  res.json({ orderId, items: await shipmentsOfOrder(orderId) });
});

shipmentRouter.post('/', async (req, res) => {
  const { carrier } = shipSchema.parse(req.body);
  res.status(201).json(await shipOrder(parseId((req.params as Record<string, string>).orderId, 'orderId'), carrier));
});

// Mounted at /api/shipping.
import { Router } from 'express';
import { z } from 'zod';
import { badRequest, parseId } from '../lib/utils.js';
import { deliverShipment, getShipment, quoteShipping } from './shipping-service.js';

export const shippingRouter = Router();

const statusSchema = z.object({ status: z.literal('delivered') });

shippingRouter.get('/rates', async (req, res) => {
  const country = typeof req.query.country === 'string' ? req.query.country : '';
  if (!/^[A-Za-z]{2}$/.test(country)) throw badRequest('country must be a two-letter code');
  const items = req.query.items === undefined ? 1 : Number(req.query.items);
  if (!Number.isInteger(items) || items < 1 || items > 100) throw badRequest('items must be an integer from 1 to 100');
  res.json({ country: country.toUpperCase(), items, quotes: await quoteShipping(country, items) });
});

shippingRouter.get('/shipments/:id', async (req, res) => {
  res.json(await getShipment(parseId(req.params.id)));
});

shippingRouter.patch('/shipments/:id', async (req, res) => {
  statusSchema.parse(req.body);
  res.json(await deliverShipment(parseId(req.params.id)));
});

// Mounted at /webhooks. The mail provider pings with GET/HEAD and reports deliveries with POST (or PUT).
import { Router } from 'express';
import { z } from 'zod';
import { HttpError, notFound } from '../lib/utils.js';
import { outbox } from './outbox-repo.js';

export const webhookRouter = Router();

const deliverySchema = z.object({ emailId: z.number().int().positive(), event: z.enum(['delivered', 'bounced']) });

webhookRouter.all('/mailer', async (req, res) => {
  if (req.method === 'GET' || req.method === 'HEAD') {
    res.json({ ok: true });
    return;
  }
  if (req.method !== 'POST' && req.method !== 'PUT') throw new HttpError(405, 'METHOD_NOT_ALLOWED', `${req.method} is not accepted here`);
  const { emailId, event } = deliverySchema.parse(req.body);
  if (!(await outbox.recordDelivery(emailId, event))) throw notFound('email', emailId);
  res.status(202).json({ emailId, event });
});

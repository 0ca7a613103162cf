// Mounted at /api/notifications.
import { Router } from 'express';
import { notFound, parseId, parsePagination } from '../lib/utils.js';
import { Notification } from './notification-model.js';

export const notificationRouter = Router();

notificationRouter.get('/', async (req, res) => {
  const userId = parseId(req.query.userId, 'userId');
  const page = parsePagination(req.query);
  res.json({ userId, items: await Notification.forUser(userId, req.query.unread === 'true', page), ...page });
});

notificationRouter.post('/:id/read', async (req, res) => {
  const id = parseId(req.params.id);
  const userId = parseId(req.query.userId, 'userId');
  if (!(await Notification.markRead(id, userId))) throw notFound('notification', id);
  res.status(204).end();
});

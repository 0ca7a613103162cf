// Tells a user something: an in-app notification and an e-mail in the outbox.
import { findUserById } from '../accounts/user-repo.js';
import { Notification } from './notification-model.js';
import { outbox } from './outbox-repo.js';

export async function notifyUser(userId: number, kind: string, message: string): Promise<void> {
  const id = await Notification.create(userId, kind, message);
  const user = await findUserById(userId);
  if (user) await outbox.enqueue({ notificationId: id, to: user.email, subject: message });
}

// Outgoing e-mails waiting for, or reported on by, the mail provider.
import { db } from '../lib/db.js';
import { toInt } from '../lib/utils.js';

const OUTBOX = 'email_outbox';

export type OutboxStatus = 'queued' | 'delivered' | 'bounced';

export async function enqueueEmail(e: { notificationId: number | null; to: string; subject: string }): Promise<void> {
  await db(OUTBOX).insert({ notification_id: e.notificationId, to_email: e.to, subject: e.subject, status: 'queued', attempts: 0, updated_at: new Date().toISOString() });
}

/** Applies a provider delivery report; false when the e-mail is unknown. */
export async function recordDelivery(id: number, status: Exclude<OutboxStatus, 'queued'>): Promise<boolean> {
  const row = await db(OUTBOX).where({ id }).first('attempts');
  if (!row) return false;
  await db(OUTBOX).where({ id }).update({ status, attempts: toInt(row.attempts) + 1, updated_at: new Date().toISOString() });
  return true;
}

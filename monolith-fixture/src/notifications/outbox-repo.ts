// Outgoing e-mails waiting for, or reported on by, the mail provider.
import type { Knex } from 'knex';
import { db } from '../lib/db.js';
import { toInt } from '../lib/utils.js';

const OUTBOX = 'email_outbox';

export type OutboxStatus = 'queued' | 'delivered' | 'bounced';

/** The outbox over a knex handle: the shop's `db`, or a transaction of the caller's. */
export class EmailOutbox {
  constructor(private readonly knex: Knex) {}

  async enqueue(e: { notificationId: number | null; to: string; subject: string }): Promise<void> {
    await this.knex(OUTBOX).insert({ notification_id: e.notificationId, to_email: e.to, subject: e.subject, status: 'queued', attempts: 0, updated_at: new Date().toISOString() });
  }

  /** Applies a provider delivery report; false when the e-mail is unknown. */
  async recordDelivery(id: number, status: Exclude<OutboxStatus, 'queued'>): Promise<boolean> {
    const row = await this.knex(OUTBOX).where({ id }).first('attempts');
    if (!row) return false;
    await this.knex(OUTBOX).where({ id }).update({ status, attempts: toInt(row.attempts) + 1, updated_at: new Date().toISOString() });
    return true;
  }
}

export const outbox = new EmailOutbox(db);

// In-app notifications as an active-record model.
import { Model } from '../lib/model.js';
import { insertedId, toInt, toIso, type Page } from '../lib/utils.js';

export interface NotificationJson {
  id: number;
  userId: number;
  kind: string;
  message: string;
  readAt: string | null;
  createdAt: string | null;
}

export class Notification extends Model {
  static override tableName = 'notifications';

  static toJson(row: Record<string, unknown>): NotificationJson {
    return {
      id: toInt(row.id),
      userId: toInt(row.user_id),
      kind: String(row.kind),
      message: String(row.message),
      readAt: toIso(row.read_at),
      createdAt: toIso(row.created_at),
    };
  }

  static async forUser(userId: number, unreadOnly: boolean, page: Page): Promise<NotificationJson[]> {
    const q = this.query().where({ user_id: userId });
    if (unreadOnly) q.whereNull('read_at');
    return (await q.orderBy('id', 'desc').limit(page.limit).offset(page.offset)).map((r: Record<string, unknown>) => this.toJson(r));
  }

  static async create(userId: number, kind: string, message: string): Promise<number> {
    return insertedId(await this.query().insert({ user_id: userId, kind, message, created_at: new Date().toISOString() }).returning('id'));
  }

  /** Marks one of a user's notifications read; false when it is not theirs. */
  static async markRead(id: number, userId: number): Promise<boolean> {
    const changed = await this.query().where({ id, user_id: userId }).whereNull('read_at').update({ read_at: new Date().toISOString() });
    if (changed) return true;
    return (await this.query().where({ id, user_id: userId }).first('id')) !== undefined;
  }
}

// Generic CRUD over one table; subclasses pass their table name to super().
import { db } from './db.js';
import { insertedId, toInt, type Page } from './utils.js';

export abstract class BaseRepository<Row extends { id: number }> {
  constructor(protected readonly table: string) {}

  async findById(id: number): Promise<Row | undefined> {
    return (await db(this.table).where({ id }).first()) as Row | undefined;
  }

  async listWhere(where: Record<string, unknown>, page: Page): Promise<Row[]> {
    return (await db(this.table).where(where).orderBy('id').limit(page.limit).offset(page.offset)) as Row[];
  }

  async countWhere(where: Record<string, unknown>): Promise<number> {
    const row = await db(this.table).where(where).count({ n: '*' }).first();
    return toInt(row?.n);
  }

  async insert(values: Record<string, unknown>): Promise<number> {
    return insertedId(await db(this.table).insert(values).returning('id'));
  }

  async update(id: number, patch: Record<string, unknown>): Promise<number> {
    return db(this.table).where({ id }).update(patch);
  }

  async remove(id: number): Promise<number> {
    return db(this.table).where({ id }).delete();
  }
}

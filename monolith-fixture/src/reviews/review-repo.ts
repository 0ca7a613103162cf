// Product reviews, with the author's display name.
import { db } from '../lib/db.js';
import { insertedId, toInt, toIso, type Page } from '../lib/utils.js';

const TABLE = 'reviews';

export interface Review {
  id: number;
  productId: number;
  userId: number;
  author: string;
  rating: number;
  title: string;
  body: string;
  createdAt: string | null;
}

function toReview(row: Record<string, unknown>): Review {
  return {
    id: toInt(row.id),
    productId: toInt(row.product_id),
    userId: toInt(row.user_id),
    author: String(row.author),
    rating: toInt(row.rating),
    title: String(row.title),
    body: String(row.body),
    createdAt: toIso(row.created_at),
  };
}

function withAuthor() {
  return db(`${TABLE} as r`).innerJoin('users as u', 'u.id', 'r.user_id').select('r.*', 'u.name as author');
}

export async function listReviews(productId: number, page: Page): Promise<{ items: Review[]; total: number; averageRating: number | null }> {
  const rows = await withAuthor().where('r.product_id', productId).orderBy('r.id').limit(page.limit).offset(page.offset);
  const stats = await db(TABLE).where({ product_id: productId }).count({ n: '*' }).sum({ s: 'rating' }).first();
  const total = toInt(stats?.n);
  // Average rounded to two decimals from integer sums, so SQLite and PostgreSQL agree.
  const averageRating = total === 0 ? null : Math.round((toInt(stats?.s) * 100) / total) / 100;
  return { items: rows.map(toReview), total, averageRating };
}

export async function findReview(id: number): Promise<Review | undefined> {
  const row = await withAuthor().where('r.id', id).first();
  return row ? toReview(row) : undefined;
}

export async function productExists(productId: number): Promise<boolean> {
  return (await db('products').where({ id: productId }).first('id')) !== undefined;
}

export async function hasReviewed(productId: number, userId: number): Promise<boolean> {
  return (await db(TABLE).where({ product_id: productId, user_id: userId }).first('id')) !== undefined;
}

export async function insertReview(r: { productId: number; userId: number; rating: number; title: string; body: string }): Promise<number> {
  const rows = await db(TABLE)
    .insert({ product_id: r.productId, user_id: r.userId, rating: r.rating, title: r.title, body: r.body, created_at: new Date().toISOString() })
    .returning('id');
  return insertedId(rows);
}

export async function deleteReview(id: number): Promise<number> {
  return db(TABLE).where({ id }).del();
}

import type { Knex } from 'knex';
import type { Rng } from '../../lib/prng.js';
import { chunks, seedTime } from './seed-helpers.js';

const TITLES = ['Does the job', 'Great value', 'Not what I expected', 'Excellent quality', 'Would buy again', 'Broke after a month', 'Solid', 'Love it'];

export async function seedReviews(knex: Knex, rng: Rng, reviewCount: number, userCount: number, productCount: number): Promise<void> {
  const reviews: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  while (reviews.length < reviewCount) {
    const productId = rng.int(1, productCount);
    const userId = rng.int(1, userCount);
    if (seen.has(`${productId}:${userId}`)) continue;
    seen.add(`${productId}:${userId}`);
    const rating = rng.pick([1, 2, 3, 4, 4, 5, 5, 5]);
    reviews.push({ product_id: productId, user_id: userId, rating, title: rng.pick(TITLES), body: `Rated ${rating} of 5 after ${rng.int(1, 12)} weeks of use.`, created_at: seedTime(150_000 + reviews.length * 20) });
  }
  for (const chunk of chunks(reviews)) await knex('reviews').insert(chunk);

  const votes: Record<string, unknown>[] = [];
  const voted = new Set<string>();
  for (let i = 0; i < reviewCount; i++) {
    const reviewId = rng.int(1, reviewCount);
    const userId = rng.int(1, userCount);
    if (voted.has(`${reviewId}:${userId}`)) continue;
    voted.add(`${reviewId}:${userId}`);
    votes.push({ review_id: reviewId, user_id: userId, helpful: rng.chance(0.7), created_at: seedTime(180_000 + i) });
  }
  for (const chunk of chunks(votes)) await knex('review_votes').insert(chunk);
}

// Request bodies of the review routes.
import { z } from 'zod';

export const createReviewSchema = z.object({
  productId: z.number().int().positive(),
  userId: z.number().int().positive(),
  rating: z.number().int().min(1).max(5),
  title: z.string().trim().min(3).max(200),
  body: z.string().trim().min(10).max(5000),
});

export const voteSchema = z.object({ userId: z.number().int().positive(), helpful: z.boolean() });

// Mounted at /api/reviews.
import { Router } from 'express';
import { findUserById } from '../accounts/user-repo.js';
import { badRequest, conflict, notFound, parseId, parsePagination } from '../lib/utils.js';
import { deleteReview, findReview, hasReviewed, insertReview, listReviews, productExists } from './review-repo.js';
import { createReviewSchema, voteSchema } from './review-validation.js';
import { reviewVotes } from './vote-repo.js';

export const reviewRouter = Router();

reviewRouter
  .route('/')
  .get(async (req, res) => {
    const productId = parseId(req.query.productId, 'productId');
    const page = parsePagination(req.query);
    res.json({ productId, ...(await listReviews(productId, page)), ...page });
  })
  .post(async (req, res) => {
    const input = createReviewSchema.parse(req.body);
    if (!(await productExists(input.productId))) throw badRequest(`product ${input.productId} does not exist`);
    if (!(await findUserById(input.userId))) throw badRequest(`user ${input.userId} does not exist`);
    if (await hasReviewed(input.productId, input.userId)) throw conflict('this user already reviewed this product');
    res.status(201).json(await findReview(await insertReview(input)));
  });

reviewRouter
  .route('/:id')
  .get(async (req, res) => {
    const id = parseId(req.params.id);
    const review = await findReview(id);
    if (!review) throw notFound('review', id);
    res.json({ ...review, votes: await reviewVotes.tally(id) });
  })
  .delete(async (req, res) => {
    if (!(await deleteReview(parseId(req.params.id)))) throw notFound('review', req.params.id);
    res.status(204).end();
  });

reviewRouter.post('/:id/votes', async (req, res) => {
  const id = parseId(req.params.id);
  const { userId, helpful } = voteSchema.parse(req.body);
  if (!(await findReview(id))) throw notFound('review', id);
  await reviewVotes.vote(id, userId, helpful);
  res.status(201).json({ reviewId: id, votes: await reviewVotes.tally(id) });
});

// "Was this review helpful?" votes, one per user and review.
import { BaseRepository } from '../lib/base-repository.js';

interface VoteRow {
  id: number;
  review_id: number;
  user_id: number;
  helpful: unknown;
  created_at: unknown;
}

class ReviewVoteRepository extends BaseRepository<VoteRow> {
  constructor() {
    super('review_votes');
  }

  /** Records or changes a user's vote. */
  async vote(reviewId: number, userId: number, helpful: boolean): Promise<void> {
    const [existing] = await this.listWhere({ review_id: reviewId, user_id: userId }, { limit: 1, offset: 0 });
    if (existing) await this.update(existing.id, { helpful });
    else await this.insert({ review_id: reviewId, user_id: userId, helpful, created_at: new Date().toISOString() });
  }

  async tally(reviewId: number): Promise<{ helpful: number; notHelpful: number }> {
    const helpful = await this.countWhere({ review_id: reviewId, helpful: true });
    const all = await this.countWhere({ review_id: reviewId });
    return { helpful, notHelpful: all - helpful };
  }
}

export const reviewVotes = new ReviewVoteRepository();

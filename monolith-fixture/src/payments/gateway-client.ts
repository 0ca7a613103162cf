// The card processor, simulated: approves everything up to the card limit, in-process.
import { randomUUID } from 'node:crypto';

export const CARD_LIMIT_CENTS = 500_000;

export interface ChargeResult {
  approved: boolean;
  reference: string;
  declineReason?: string;
}

export function authorizeCharge(amountCents: number): ChargeResult {
  const reference = `ch_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
  if (amountCents > CARD_LIMIT_CENTS) return { approved: false, reference, declineReason: 'amount over card limit' };
  return { approved: true, reference };
}

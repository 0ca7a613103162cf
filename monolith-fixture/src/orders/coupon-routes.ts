// Mounted at /api/coupons: lets the checkout page check a code before ordering.
import { Router } from 'express';
import { notFound } from '../lib/utils.js';
import { couponUsable, findCouponByCode } from './coupon-repo.js';

export const couponRouter = Router().get('/:code', async (req, res) => {
  const coupon = await findCouponByCode(req.params.code);
  if (!coupon) throw notFound('coupon', req.params.code);
  res.json({ code: coupon.code, percentOff: coupon.percentOff, usable: couponUsable(coupon) });
});

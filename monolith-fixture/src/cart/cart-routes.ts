// Mounted at /api/cart.
import { Router } from 'express';
import { z } from 'zod';
import { parseId } from '../lib/utils.js';
import { addToCart, changeQuantity, emptyCart, MAX_QUANTITY, removeFromCart, viewCart } from './cart-service.js';

export const cartRouter = Router();

const addItemSchema = z.object({ productId: z.number().int().positive(), quantity: z.number().int().min(1).max(MAX_QUANTITY).default(1) });
const quantitySchema = z.object({ quantity: z.number().int().min(1).max(MAX_QUANTITY) });

cartRouter
  .route('/:userId')
  .get(async (req, res) => {
    res.json(await viewCart(parseId(req.params.userId, 'userId')));
  })
  .delete(async (req, res) => {
    await emptyCart(parseId(req.params.userId, 'userId'));
    res.status(204).end();
  });

cartRouter.route('/:userId/items').post(async (req, res) => {
  const { productId, quantity } = addItemSchema.parse(req.body);
  res.status(201).json(await addToCart(parseId(req.params.userId, 'userId'), productId, quantity));
});

cartRouter
  .route('/:userId/items/:itemId')
  .patch(async (req, res) => {
    const { quantity } = quantitySchema.parse(req.body);
    res.json(await changeQuantity(parseId(req.params.userId, 'userId'), parseId(req.params.itemId, 'itemId'), quantity));
  })
  .delete(async (req, res) => {
    res.json(await removeFromCart(parseId(req.params.userId, 'userId'), parseId(req.params.itemId, 'itemId')));
  });

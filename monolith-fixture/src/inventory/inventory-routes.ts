// Mounted at /api/inventory.
import { Router } from 'express';
import { z } from 'zod';
import { badRequest, notFound, parseId, parsePagination } from '../lib/utils.js';
import { adjustStock, listLowStock, stockForProduct } from './stock-repo.js';
import { findWarehouse, listWarehouses } from './warehouse-repo.js';

export const inventoryRouter = Router();

const adjustmentSchema = z.object({
  productId: z.number().int().positive(),
  warehouseId: z.number().int().positive(),
  delta: z.number().int().refine((d) => d !== 0, 'delta must not be 0'),
  reason: z.enum(['restock', 'damaged', 'correction', 'return']),
});

inventoryRouter.get('/warehouses', async (_req, res) => {
  res.json({ items: await listWarehouses() });
});

inventoryRouter.get('/products/:productId', async (req, res) => {
  const productId = parseId(req.params.productId, 'productId');
  const levels = await stockForProduct(productId);
  if (levels.length === 0) throw notFound('stock for product', productId);
  res.json({ productId, available: levels.reduce((n, l) => n + l.available, 0), warehouses: levels });
});

inventoryRouter.post('/adjustments', async (req, res) => {
  const input = adjustmentSchema.parse(req.body);
  if (!(await findWarehouse(input.warehouseId))) throw badRequest(`warehouse ${input.warehouseId} does not exist`);
  const quantity = await adjustStock(input);
  res.status(201).json({ productId: input.productId, warehouseId: input.warehouseId, quantity });
});

inventoryRouter.get('/low-stock', async (req, res) => {
  const threshold = req.query.threshold === undefined ? 10 : Number(req.query.threshold);
  if (!Number.isInteger(threshold) || threshold < 0) throw badRequest('threshold must be a non-negative integer');
  res.json({ threshold, items: await listLowStock(threshold, parsePagination(req.query)) });
});

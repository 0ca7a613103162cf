// Mounted at /api/search: products and categories matching `q`.
import { Router } from 'express';
import { badRequest, parsePagination } from '../lib/utils.js';
import { searchCategories } from './category-repo.js';
import { presentProduct, sendCatalog } from './product-presenter.js';
import { listProducts } from './product-repo.js';

export const searchRouter = Router();

searchRouter.get('/', async (req, res) => {
  const q = typeof req.query.q === 'string' ? req.query.q.trim() : '';
  if (q.length < 2) throw badRequest('q must be at least 2 characters');
  const page = parsePagination(req.query, 10, 50);
  const { rows, total } = await listProducts({ search: q }, page);
  sendCatalog(res, { q, products: { items: rows.map(presentProduct), total, ...page }, categories: await searchCategories(q) });
});

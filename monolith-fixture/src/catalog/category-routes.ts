// Mounted at /api/categories.
import { Router } from 'express';
import { notFound, parseId, parsePagination } from '../lib/utils.js';
import { findCategory, listCategories } from './category-repo.js';
import { presentProduct, sendCatalog } from './product-presenter.js';
import { listProducts } from './product-repo.js';
import { parseProductFilter } from './product-routes.js';

export const categoryRouter = Router();

categoryRouter.get('/', async (_req, res) => {
  sendCatalog(res, { items: await listCategories() });
});

categoryRouter.get('/:id', async (req, res) => {
  const category = await findCategory(parseId(req.params.id));
  if (!category) throw notFound('category', req.params.id);
  sendCatalog(res, { ...category });
});

categoryRouter.get('/:id/products', async (req, res) => {
  const id = parseId(req.params.id);
  if (!(await findCategory(id))) throw notFound('category', id);
  const page = parsePagination(req.query);
  const { rows, total } = await listProducts({ ...parseProductFilter(req.query), categoryId: id }, page);
  sendCatalog(res, { items: rows.map(presentProduct), total, ...page });
});

// Mounted at /api/products.
import { Router } from 'express';
import { badRequest, conflict, notFound, optionalId, parseId, parsePagination, slugify } from '../lib/utils.js';
import { findBrand } from './brand-repo.js';
import { findCategory } from './category-repo.js';
import { listImages } from './image-repo.js';
import { presentProduct, sendCatalog } from './product-presenter.js';
import { findProduct, insertProduct, listProducts, skuExists, updateProduct, type ProductFilter } from './product-repo.js';
import { createProductSchema, patchProductSchema } from './product-validation.js';

export const productRouter = Router();

function parseCents(value: unknown, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw badRequest(`${name} must be a non-negative integer (cents)`);
  return n;
}

export function parseProductFilter(query: Record<string, unknown>): ProductFilter {
  return {
    categoryId: optionalId(query.categoryId, 'categoryId'),
    brandId: optionalId(query.brandId, 'brandId'),
    search: typeof query.q === 'string' && query.q.trim() ? query.q.trim() : undefined,
    minPriceCents: parseCents(query.minPrice, 'minPrice'),
    maxPriceCents: parseCents(query.maxPrice, 'maxPrice'),
  };
}

productRouter.get('/', async (req, res) => {
  const page = parsePagination(req.query);
  const { rows, total } = await listProducts(parseProductFilter(req.query), page);
  sendCatalog(res, { items: rows.map(presentProduct), total, ...page });
});

productRouter.get('/:id', async (req, res) => {
  const id = parseId(req.params.id);
  const row = await findProduct(id);
  if (!row) throw notFound('product', id);
  sendCatalog(res, { ...presentProduct(row), images: await listImages(id) });
});

productRouter.get('/:id/images', async (req, res) => {
  const id = parseId(req.params.id);
  if (!(await findProduct(id))) throw notFound('product', id);
  sendCatalog(res, { items: await listImages(id) });
});

productRouter.post('/', async (req, res) => {
  const input = createProductSchema.parse(req.body);
  if (!(await findCategory(input.categoryId))) throw badRequest(`category ${input.categoryId} does not exist`);
  if (!(await findBrand(input.brandId))) throw badRequest(`brand ${input.brandId} does not exist`);
  if (await skuExists(input.sku)) throw conflict(`sku ${input.sku} already exists`);
  const id = await insertProduct({ ...input, slug: slugify(input.name) });
  sendCatalog(res, presentProduct((await findProduct(id))!), 201);
});

productRouter.patch('/:id', async (req, res) => {
  const id = parseId(req.params.id);
  const patch = patchProductSchema.parse(req.body);
  if (!(await findProduct(id))) throw notFound('product', id);
  await updateProduct(id, {
    ...(patch.name !== undefined && { name: patch.name, slug: slugify(patch.name) }),
    ...(patch.description !== undefined && { description: patch.description }),
    ...(patch.priceCents !== undefined && { price_cents: patch.priceCents }),
    ...(patch.active !== undefined && { active: patch.active }),
  });
  sendCatalog(res, presentProduct((await findProduct(id))!));
});

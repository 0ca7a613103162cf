// Routes of the catalog seam (scaffolded by `ficus new-service catalog`, handlers written): the monolith's
// catalog API, answered from this service's own database.
import type { Router } from 'express';
import type { ServiceContext } from '../kit/index.js';
import { createBrandRepo } from './brand-repo.js';
import { badRequest, conflict, handleCatalogErrors, notFound } from './catalog-errors.js';
import { createCategoryRepo } from './category-repo.js';
import type { CatalogConfig } from './config.js';
import { createProductPresenter, sendCatalog } from './present-product.js';
import { createProductRepo } from './product-repo.js';
import { parseId, parsePagination, parseProductFilter } from './request-params.js';
import type { CatalogDeps } from './service.js';
import { createBrandSchema, createProductSchema, patchProductSchema } from './validation.js';
import { slugify } from './values.js';

/** The seam's routes, as the analyzer found them in the monolith. */
export const ROUTES: { method: string; path: string; monolith: string }[] = [
  { method: 'GET', path: '/api/brands', monolith: 'src/catalog/brand-routes.ts' },
  { method: 'POST', path: '/api/brands', monolith: 'src/catalog/brand-routes.ts' },
  { method: 'GET', path: '/api/brands/:id', monolith: 'src/catalog/brand-routes.ts' },
  { method: 'GET', path: '/api/categories', monolith: 'src/catalog/category-routes.ts' },
  { method: 'GET', path: '/api/categories/:id', monolith: 'src/catalog/category-routes.ts' },
  { method: 'GET', path: '/api/categories/:id/products', monolith: 'src/catalog/category-routes.ts' },
  { method: 'GET', path: '/api/products', monolith: 'src/catalog/product-routes.ts' },
  { method: 'POST', path: '/api/products', monolith: 'src/catalog/product-routes.ts' },
  { method: 'GET', path: '/api/products/:id', monolith: 'src/catalog/product-routes.ts' },
  { method: 'PATCH', path: '/api/products/:id', monolith: 'src/catalog/product-routes.ts' },
  { method: 'GET', path: '/api/products/:id/images', monolith: 'src/catalog/product-routes.ts' },
  { method: 'GET', path: '/api/search', monolith: 'src/catalog/search-routes.ts' },
];

export function registerRoutes(router: Router, ctx: ServiceContext<CatalogDeps, CatalogConfig>): void {
  const products = createProductRepo(ctx.deps.db);
  const categories = createCategoryRepo(ctx.deps.db);
  const brands = createBrandRepo(ctx.deps.db);
  const present = createProductPresenter(ctx.config);

  router.get('/api/products', async (req, res) => {
    const page = parsePagination(req.query);
    const { rows, total } = await products.listProducts(parseProductFilter(req.query), page);
    sendCatalog(res, { items: rows.map(present), total, ...page });
  });

  router.get('/api/products/:id', async (req, res) => {
    const id = parseId(req.params.id);
    const row = await products.findProduct(id);
    if (!row) throw notFound('product', id);
    sendCatalog(res, { ...present(row), images: await products.listImages(id) });
  });

  router.get('/api/products/:id/images', async (req, res) => {
    const id = parseId(req.params.id);
    if (!(await products.findProduct(id))) throw notFound('product', id);
    sendCatalog(res, { items: await products.listImages(id) });
  });

  router.post('/api/products', async (req, res) => {
    const input = createProductSchema.parse(req.body);
    if (!(await categories.findCategory(input.categoryId))) throw badRequest(`category ${input.categoryId} does not exist`);
    if (!(await brands.findBrand(input.brandId))) throw badRequest(`brand ${input.brandId} does not exist`);
    if (await products.skuExists(input.sku)) throw conflict(`sku ${input.sku} already exists`);
    const id = await products.insertProduct({ ...input, slug: slugify(input.name) });
    sendCatalog(res, present((await products.findProduct(id))!), 201);
  });

  router.patch('/api/products/:id', async (req, res) => {
    const id = parseId(req.params.id);
    const patch = patchProductSchema.parse(req.body);
    if (!(await products.findProduct(id))) throw notFound('product', id);
    await products.updateProduct(id, {
      ...(patch.name !== undefined && { name: patch.name, slug: slugify(patch.name) }),
      ...(patch.description !== undefined && { description: patch.description }),
      ...(patch.priceCents !== undefined && { price_cents: patch.priceCents }),
      ...(patch.active !== undefined && { active: patch.active }),
    });
    sendCatalog(res, present((await products.findProduct(id))!));
  });

  router.get('/api/categories', async (_req, res) => {
    sendCatalog(res, { items: await categories.listCategories() });
  });

  router.get('/api/categories/:id', async (req, res) => {
    const category = await categories.findCategory(parseId(req.params.id));
    if (!category) throw notFound('category', req.params.id);
    sendCatalog(res, { ...category });
  });

  router.get('/api/categories/:id/products', async (req, res) => {
    const id = parseId(req.params.id);
    if (!(await categories.findCategory(id))) throw notFound('category', id);
    const page = parsePagination(req.query);
    const { rows, total } = await products.listProducts({ ...parseProductFilter(req.query), categoryId: id }, page);
    sendCatalog(res, { items: rows.map(present), total, ...page });
  });

  router.get('/api/brands', async (_req, res) => {
    sendCatalog(res, { items: await brands.listBrands() });
  });

  router.post('/api/brands', async (req, res) => {
    const input = createBrandSchema.parse(req.body);
    const slug = slugify(input.name);
    if (await brands.brandSlugTaken(slug)) throw conflict(`brand ${input.name} already exists`);
    const id = await brands.insertBrand({ ...input, slug });
    sendCatalog(res, { ...(await brands.findBrand(id)) }, 201);
  });

  router.get('/api/brands/:id', async (req, res) => {
    const brand = await brands.findBrand(parseId(req.params.id));
    if (!brand) throw notFound('brand', req.params.id);
    sendCatalog(res, { ...brand });
  });

  router.get('/api/search', async (req, res) => {
    const q = typeof req.query.q === 'string' ? req.query.q.trim() : '';
    if (q.length < 2) throw badRequest('q must be at least 2 characters');
    const page = parsePagination(req.query, 10, 50);
    const { rows, total } = await products.listProducts({ search: q }, page);
    sendCatalog(res, { q, products: { items: rows.map(present), total, ...page }, categories: await categories.searchCategories(q) });
  });

  router.use(handleCatalogErrors);
}

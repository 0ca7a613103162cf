// Mounted at /api/brands.
import { Router } from 'express';
import { conflict, notFound, parseId, slugify } from '../lib/utils.js';
import { brandSlugTaken, findBrand, insertBrand, listBrands } from './brand-repo.js';
import { sendCatalog } from './product-presenter.js';
import { createBrandSchema } from './product-validation.js';

export const brandRouter = Router();

brandRouter
  .route('/')
  .get(async (_req, res) => {
    sendCatalog(res, { items: await listBrands() });
  })
  .post(async (req, res) => {
    const input = createBrandSchema.parse(req.body);
    const slug = slugify(input.name);
    if (await brandSlugTaken(slug)) throw conflict(`brand ${input.name} already exists`);
    const id = await insertBrand({ ...input, slug });
    sendCatalog(res, { ...(await findBrand(id)) }, 201);
  });

brandRouter.get('/:id', async (req, res) => {
  const brand = await findBrand(parseId(req.params.id));
  if (!brand) throw notFound('brand', req.params.id);
  sendCatalog(res, { ...brand });
});

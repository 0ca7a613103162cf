// Request bodies of the catalog's write routes (the monolith's rules).
import { z } from 'zod';

export const createProductSchema = z.object({
  sku: z.string().trim().regex(/^[A-Z0-9-]{3,40}$/, 'sku is 3-40 upper-case letters, digits or dashes'),
  name: z.string().trim().min(2).max(200),
  description: z.string().trim().max(5000).default(''),
  priceCents: z.number().int().positive().max(10_000_000),
  categoryId: z.number().int().positive(),
  brandId: z.number().int().positive(),
});

export const patchProductSchema = z
  .object({
    name: z.string().trim().min(2).max(200),
    description: z.string().trim().max(5000),
    priceCents: z.number().int().positive().max(10_000_000),
    active: z.boolean(),
  })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'at least one field is required');

export const createBrandSchema = z.object({
  name: z.string().trim().min(1).max(100),
  country: z.string().length(2).toUpperCase(),
});

// Configuration of the catalog service from environment variables, validated once (scaffolded by `ficus new-service`).
import { z } from 'zod';
import { baseServiceConfigSchema, loadServiceConfig } from '../kit/index.js';

/** Deliberate faults for end-to-end tests of the shadow diff and the promote guard; never set in production. */
export const CATALOG_BREAKS = ['price'] as const;

export const configSchema = baseServiceConfigSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(4001),
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:|postgres(ql)?:\/\/)/, 'must be sqlite:path or postgres://…')
    .default('sqlite:.data/catalog.db'),
  // price: every third product's `price` text is one euro too high (priceCents stays right).
  CATALOG_BREAK: z.enum(CATALOG_BREAKS).optional(),
});

export type CatalogConfig = z.infer<typeof configSchema>;

/** The service's config from `env`; throws FICUS_SERVICE_CONFIG_INVALID listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): CatalogConfig {
  return loadServiceConfig(configSchema, env);
}

// The monolith and the extracted catalog side by side on real databases: the shop on a seeded SQLite file,
// the catalog on its own database filled from it by `ficus data copy`.
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startShop, type RunningShop } from '../../../monolith-fixture/src/start-shop.js';
import { fillCatalogDatabase } from '../../../services/catalog/fill-database.js';

export interface ShopOnFile {
  shop: RunningShop;
  /** The shop's database as a knex URL, for `data copy --from`. */
  databaseUrl: string;
  dir: string;
  close(): Promise<void>;
}

/** A seeded shop on a fresh SQLite file in a temp dir, on port 0. */
export async function startShopOnFile(prefix = 'ficus-e2e-'): Promise<ShopOnFile> {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const file = path.join(dir, 'shop.db');
  const shop = await startShop({ port: 0, databaseUrl: file });
  return {
    shop,
    databaseUrl: `sqlite:${file}`,
    dir,
    close: async () => {
      await shop.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Fills the catalog database at `to` from the shop and fails loudly when verification does not hold. */
export async function fillCatalogFrom(shop: ShopOnFile, to: string): Promise<Awaited<ReturnType<typeof fillCatalogDatabase>>> {
  const report = await fillCatalogDatabase({ from: shop.databaseUrl, to });
  if (!report.ok) throw new Error(`catalog copy did not verify: ${JSON.stringify(report.tables)}`);
  return report;
}

/** A catalog answer without the fields that differ on every call. */
export function withoutPerCallFields(body: unknown): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const { generatedAt: _g, requestId: _r, ...rest } = body as Record<string, unknown>;
  return rest;
}

/** Status, headers and parsed JSON body of a GET, on a fresh connection (no keep-alive reuse races under load). */
export function getJson(base: string, url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.get(base + url, { headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined, headers: res.headers });
      });
    });
    req.on('error', reject);
  });
}

/** Catalog reads a client makes: lists, filters, pages, single items, search, and the 400/404 answers. */
export const SAMPLE_CATALOG_URLS = [
  '/api/products',
  '/api/products?limit=50&offset=100',
  '/api/products?categoryId=3',
  '/api/products?brandId=5&minPrice=1000&maxPrice=50000',
  '/api/products?q=oven',
  '/api/products/1',
  '/api/products/150',
  '/api/products/300',
  '/api/products/9999',
  '/api/products/abc',
  '/api/products/7/images',
  '/api/products?limit=500',
  '/api/categories',
  '/api/categories/2',
  '/api/categories/2/products?limit=5&offset=2',
  '/api/categories/99',
  '/api/brands',
  '/api/brands/4',
  '/api/brands/77',
  '/api/search?q=smart',
  '/api/search?q=a',
];

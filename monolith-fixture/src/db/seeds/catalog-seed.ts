import type { Knex } from 'knex';
import type { Rng } from '../../lib/prng.js';
import { slugify } from '../../lib/utils.js';
import { chunks, seedTime } from './seed-helpers.js';

const TREE: Record<string, string[]> = {
  Kitchen: ['Cookware', 'Knives'],
  Garden: ['Tools', 'Planters'],
  Office: ['Desks', 'Lighting'],
  Outdoor: ['Tents', 'Backpacks'],
};
const BRANDS = ['Acme', 'Nordwerk', 'Lumen', 'Havn', 'Orla', 'Kesto', 'Fjell', 'Brio', 'Tamar', 'Velo', 'Quist', 'Aster', 'Morrow', 'Pavo', 'Rook', 'Sable', 'Tern', 'Umbra', 'Wren', 'Yarrow'];
const ADJECTIVES = ['Compact', 'Classic', 'Pro', 'Light', 'Heavy-duty', 'Foldable', 'Smart', 'Eco', 'Deluxe', 'Mini'];
const NOUNS: Record<string, string[]> = {
  Cookware: ['Skillet', 'Saucepan', 'Wok', 'Dutch Oven'],
  Knives: ['Chef Knife', 'Paring Knife', 'Bread Knife', 'Knife Block'],
  Tools: ['Spade', 'Rake', 'Pruner', 'Hoe'],
  Planters: ['Planter', 'Raised Bed', 'Window Box', 'Hanging Pot'],
  Desks: ['Standing Desk', 'Writing Desk', 'Desk Shelf', 'Monitor Riser'],
  Lighting: ['Desk Lamp', 'Floor Lamp', 'LED Strip', 'Reading Light'],
  Tents: ['Dome Tent', 'Tunnel Tent', 'Tarp', 'Bivy'],
  Backpacks: ['Daypack', 'Trekking Pack', 'Hydration Pack', 'Duffel'],
};

export interface SeededProduct {
  id: number;
  priceCents: number;
  active: boolean;
}

export async function seedCatalog(knex: Knex, rng: Rng, productCount: number): Promise<SeededProduct[]> {
  const categories: { name: string; slug: string; parent_id: number | null }[] = [];
  const leaves: { id: number; name: string }[] = [];
  for (const [top, children] of Object.entries(TREE)) {
    categories.push({ name: top, slug: slugify(top), parent_id: null });
    const parentId = categories.length;
    for (const child of children) {
      categories.push({ name: child, slug: slugify(child), parent_id: parentId });
      leaves.push({ id: categories.length, name: child });
    }
  }
  await knex('categories').insert(categories);
  await knex('brands').insert(BRANDS.map((name) => ({ name, slug: slugify(name), country: rng.pick(['NL', 'DE', 'SE', 'DK', 'FR']) })));

  const products: SeededProduct[] = [];
  const rows = Array.from({ length: productCount }, (_, i) => {
    const leaf = rng.pick(leaves);
    const brandId = rng.int(1, BRANDS.length);
    const name = `${BRANDS[brandId - 1]} ${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS[leaf.name])}`;
    const priceCents = rng.int(8, 900) * 100 - rng.pick([0, 1, 5, 51]);
    const active = !rng.chance(0.05);
    products.push({ id: i + 1, priceCents, active });
    return {
      sku: `SKU-${String(i + 1).padStart(5, '0')}`,
      name,
      slug: `${slugify(name)}-${i + 1}`,
      description: `${name}: ${rng.pick(['built to last', 'our best seller', 'new this season', 'designed in-house', 'a customer favourite'])}.`,
      price_cents: priceCents,
      currency: 'EUR',
      category_id: leaf.id,
      brand_id: brandId,
      active,
      created_at: seedTime(i * 30),
      updated_at: seedTime(i * 30 + rng.int(0, 20_000)),
    };
  });
  for (const chunk of chunks(rows, 50)) await knex('products').insert(chunk);

  const images = products.flatMap((p) =>
    Array.from({ length: rng.int(1, 3) }, (_, k) => ({
      product_id: p.id,
      url: `https://img.example.com/products/${p.id}/${k + 1}.jpg`,
      alt: `product ${p.id} view ${k + 1}`,
      position: k + 1,
    })),
  );
  for (const chunk of chunks(images)) await knex('product_images').insert(chunk);
  return products;
}

// Shipping rates per destination country.
import { db } from '../lib/db.js';
import { toInt } from '../lib/utils.js';

const RATES_TABLE = 'shipping_rates';

export interface ShippingRate {
  id: number;
  country: string;
  carrier: string;
  service: string;
  baseCents: number;
  perItemCents: number;
}

export async function ratesFor(country: string): Promise<ShippingRate[]> {
  const rows = await db(RATES_TABLE).where({ country: country.toUpperCase() }).orderBy(['base_cents', 'id']);
  return rows.map((r: Record<string, unknown>) => ({
    id: toInt(r.id),
    country: String(r.country),
    carrier: String(r.carrier),
    service: String(r.service),
    baseCents: toInt(r.base_cents),
    perItemCents: toInt(r.per_item_cents),
  }));
}

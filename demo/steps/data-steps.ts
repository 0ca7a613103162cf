// Steps 3, 12 and 13: the catalog's data follows its routes. A verified copy kept in step by data sync
// while the monolith writes; then the sync reversed and the writes moved, so the service owns the tables
// and the monolith's remaining readers (the cart) read what the service wrote.
import { AdminCallError } from '../../gateway/admin/call-admin.js';
import { formatTable } from '../../common/format-table.js';
import { migrateCatalogDatabase } from '../../services/catalog/fill-database.js';
import { CATALOG_TABLES } from '../../services/catalog/migrations/index.js';
import { reverseSync } from '../../services/data-sync/reverse-sync.js';
import { startBackgroundSync, type BackgroundSync } from '../background-sync.js';
import { check, type DemoStep } from '../run-steps.js';
import { cutover } from './admin-calls.js';
import { need, type DemoContext } from './demo-context.js';

const tableList = CATALOG_TABLES.join(',');

export function syncCatalogStep(ctx: DemoContext): DemoStep {
  return {
    title: `Give the catalog its own database, kept in step: ficus data sync --tables ${tableList}`,
    run: async (say) => {
      const migrated = await migrateCatalogDatabase(ctx.catalogDb);
      const started = performance.now();
      const sync = startBackgroundSync({ from: ctx.shopDb, to: ctx.catalogDb, tables: [...CATALOG_TABLES] });
      ctx.sync = sync;
      // The running applier, whichever way it runs by then.
      ctx.cleanup.defer('data sync', async () => describeRun(ctx.sync!, await ctx.sync!.stop()));
      const { verification } = await sync.copied;
      say(`migrated ${ctx.catalogDb} (${migrated.join(', ') || 'already up to date'}); capture triggers installed in the monolith's database; copied from one snapshot in ${((performance.now() - started) / 1000).toFixed(1)} s:`);
      const rows = verification.tables.map((t) => [t.table, String(t.source.rows), String(t.target.rows), t.source.checksum.slice(0, 12), t.match ? 'ok' : 'MISMATCH']);
      say(formatTable(['TABLE', 'MONOLITH ROWS', 'SERVICE ROWS', 'CHECKSUM', 'VERIFIED'], rows, new Set([1, 2])).trimEnd());
      check(verification.ok, `verification failed for ${verification.tables.filter((t) => !t.match).map((t) => t.table).join(', ')}`);
      say('the sync keeps running: every write the monolith makes to these tables is applied to the service’s copy');
      return 'the catalog tables are copied with equal row counts and checksums on both sides, and kept in step from here on';
    },
  };
}

export function writesFollowStep(ctx: DemoContext): DemoStep {
  return {
    title: 'Writes stay on the monolith for now: data sync carries them to the service',
    run: async (say) => {
      const gateway = need(ctx.gatewayUrl, 'the gateway');
      const product = await productInCart(gateway);
      const before = await readProduct(gateway, product);
      check(before.backend === 'service', `GET /api/products/${product} was answered by ${before.backend}`);
      const price = before.priceCents + 100;
      const write = await patchPrice(gateway, product, price);
      check(write.status === 200 && write.backend === 'monolith', `PATCH /api/products/${product}: ${write.status} from ${write.backend}`);
      const seenAfter = await waitFor(async () => (await readProduct(gateway, product)).priceCents === price);
      check(seenAfter !== undefined, `the service still answers the old price of product ${product} 10 s after the monolith wrote it`);
      say(`PATCH /api/products/${product} {priceCents: ${price}} → answered by the monolith; GET /api/products/${product} → the service answers ${price} after ${seenAfter} ms`);
      const route = need(ctx.writeRoutes.find((r) => r.path === '/api/products/:id'), 'the product write route');
      let refusal: AdminCallError | undefined;
      try {
        await cutover(ctx, route.id, { mode: 'service', force: true, reason: 'demo: too early on purpose' });
      } catch (err) {
        if (!(err instanceof AdminCallError)) throw err;
        refusal = err;
      }
      check(refusal?.status === 409 && refusal.code === 'FICUS_ADMIN_SYNC_RUNNING', refusal ? `expected a 409 sync refusal, got ${refusal.message}` : 'the gateway moved a write route while the sync still copies towards the service');
      say(`PATCH ${route.id} {mode: service, force: true} → 409 ${refusal.code}: even force cannot move it while the sync copies monolith → service`);
      return 'reads on the service stay fresh while the monolith writes, and no write can move to the service before the data does';
    },
  };
}

export function handOverStep(ctx: DemoContext): DemoStep {
  return {
    title: `Hand the tables over (ficus data sync --reverse), then move the catalog's writes to the service`,
    run: async (say) => {
      const gateway = need(ctx.gatewayUrl, 'the gateway');
      const forward = need(ctx.sync, 'the data sync');
      const turned = await reverseSync({ from: ctx.shopDb, to: ctx.catalogDb, tables: [...CATALOG_TABLES] });
      const handed = await forward.done;
      check(handed.ended === 'reversing' && turned.verification.ok, `the reverse did not hold: applier ended ${handed.ended}, tables ${turned.verification.ok ? 'equal' : 'differ'}`);
      ctx.sync = startBackgroundSync({ from: ctx.catalogDb, to: ctx.shopDb, tables: [...CATALOG_TABLES] });
      say(`reversed in ${turned.turnMs} ms: the monolith's copies are fenced (only the applier writes them), ${turned.drained} pending changes drained, both sides verified equal; the sync now runs service → monolith`);
      for (const r of ctx.writeRoutes) {
        const out = await cutover(ctx, r.id, { mode: 'service', force: true, reason: 'demo: writes are not shadowed; the reads are proven and the data is handed over' });
        check(out.state.mode === 'service', `${r.id} is ${out.state.mode}`);
      }
      say(`${ctx.writeRoutes.map((r) => `${r.methods.join('/')} ${r.path}`).join(', ')} → service (forced: a write is never mirrored, so it has no shadow evidence; audited)`);
      const product = await productInCart(gateway);
      const price = (await readProduct(gateway, product)).priceCents + 100;
      const write = await patchPrice(gateway, product, price);
      check(write.status === 200 && write.backend === 'service', `PATCH /api/products/${product}: ${write.status} from ${write.backend}`);
      const seenAfter = await waitFor(async () => (await cartPrice(gateway, product)).unitPriceCents === price);
      check(seenAfter !== undefined, `the monolith's cart still shows the old price of product ${product} 10 s after the service wrote it`);
      const cart = await cartPrice(gateway, product);
      check(cart.backend === 'monolith', `the cart was answered by ${cart.backend}`);
      say(`PATCH /api/products/${product} {priceCents: ${price}} → answered by the service; the monolith's cart (GET /api/cart/1) shows ${price} after ${seenAfter} ms`);
      return 'the service owns the catalog’s writes, and the monolith’s own pages read the price the service wrote';
    },
  };
}

function describeRun(sync: BackgroundSync, report: { applied: number; ended: string }): string {
  return `${sync.from} → ${sync.to} stopped (${report.applied} ${report.applied === 1 ? 'change' : 'changes'} applied in this run, ended: ${report.ended})`;
}

interface Answer {
  status: number;
  backend: string;
}

async function readProduct(gateway: string, id: number): Promise<Answer & { priceCents: number }> {
  const res = await fetch(`${gateway}/api/products/${id}`);
  const body = (await res.json()) as { priceCents: number };
  return { status: res.status, backend: res.headers.get('x-ficus-backend') ?? '?', priceCents: body.priceCents };
}

async function patchPrice(gateway: string, id: number, priceCents: number): Promise<Answer> {
  const res = await fetch(`${gateway}/api/products/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ priceCents }) });
  await res.arrayBuffer();
  return { status: res.status, backend: res.headers.get('x-ficus-backend') ?? '?' };
}

interface CartView {
  items: { productId: number; unitPriceCents: number }[];
}

/** A product in user 1's seeded cart: the monolith page that reads catalog prices. */
async function productInCart(gateway: string): Promise<number> {
  const res = await fetch(`${gateway}/api/cart/1`);
  const cart = (await res.json()) as CartView;
  check(res.status === 200 && cart.items?.length > 0, `GET /api/cart/1 answered ${res.status} with ${cart.items?.length ?? 0} items`);
  return cart.items[0].productId;
}

async function cartPrice(gateway: string, product: number): Promise<Answer & { unitPriceCents: number | undefined }> {
  const res = await fetch(`${gateway}/api/cart/1`);
  const cart = (await res.json()) as CartView;
  return { status: res.status, backend: res.headers.get('x-ficus-backend') ?? '?', unitPriceCents: cart.items.find((l) => l.productId === product)?.unitPriceCents };
}

/** Milliseconds until `cond` held, or undefined after 10 s: the lag a user would see. */
async function waitFor(cond: () => Promise<boolean>): Promise<number | undefined> {
  const t0 = performance.now();
  while (performance.now() - t0 < 10_000) {
    if (await cond()) return Math.round(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 25));
  }
  return undefined;
}

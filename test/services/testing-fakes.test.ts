// ficus/testing: a defined service built with fakes in one line, served on port 0 and called over HTTP.
import { afterEach, describe, expect, it } from 'vitest';
import { defineService, HttpError, openKnex, runMigrations, type Knex, type Service } from '../../services/kit/index.js';
import { createServiceClient, type ServiceClient } from '../../services/kit/client/index.js';
import { createFakeClient, createTestService, failWith, reply } from '../../services/kit/testing/index.js';

type Deps = { db: Knex; catalog: ServiceClient };
type Config = { DATABASE_URL: string; CATALOG_URL: string; LOG_LEVEL: string };

const built: string[] = [];

/** A small shipping service: quotes a product's shipping from its weight (asked of the catalog) and a rate table. */
const shipping = defineService<Deps, Config>({
  name: 'shipping',
  config: (env) => ({ DATABASE_URL: env.DATABASE_URL ?? 'sqlite::memory:', CATALOG_URL: env.CATALOG_URL ?? 'http://127.0.0.1:9', LOG_LEVEL: env.LOG_LEVEL ?? 'info' }),
  deps: {
    db: (config) => {
      built.push('db');
      return openKnex(config.DATABASE_URL).knex;
    },
    catalog: (config) => {
      built.push('catalog');
      return createServiceClient({ baseUrl: config.CATALOG_URL });
    },
  },
  setup: ({ db }) =>
    runMigrations(db, [
      {
        name: '001-rates',
        up: async (k) => {
          await k.schema.createTable('rates', (t) => {
            t.string('zone').primary();
            t.decimal('per_kg', 8, 2);
          });
          await k('rates').insert([{ zone: 'eu', per_kg: 2 }]);
        },
        down: async (k) => k.schema.dropTable('rates'),
      },
    ]),
  routes: (router, { deps }) => {
    router.get('/quotes/:productId', async (req, res) => {
      const product = await deps.catalog.get<{ weightKg: number }>(`/api/products/${req.params.productId}`, { default: { weightKg: 1 } });
      if (product.status === 404) throw new HttpError(404, 'no such product');
      const rate = await deps.db('rates').where({ zone: String(req.query.zone ?? 'eu') }).first();
      res.json({ price: product.body!.weightKg * Number(rate.per_kg), estimated: product.fromDefault });
    });
  },
});

const open: Service<Deps, Config>[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  built.length = 0;
});

describe('createTestService + createFakeClient', () => {
  it('builds the service with a fake catalog in one line; the real db factory runs, the replaced one never', async () => {
    const catalog = createFakeClient({ 'GET /api/products/:id': ({ params }) => ({ id: Number(params.id), weightKg: 3 }) });
    const svc = await createTestService(shipping, { catalog });
    open.push(svc);
    expect(built).toEqual(['db']);
    const res = await fetch(`${svc.url()}/quotes/7?zone=eu`);
    expect(await res.json()).toEqual({ price: 6, estimated: false });
    expect(catalog.callsTo('GET /api/products/:id').map((c) => [c.path, c.params])).toEqual([['/api/products/7', { id: '7' }]]);
  });

  it('swaps every dependency, and the definition’s setup still runs on the fakes', async () => {
    const { knex } = openKnex('sqlite::memory:');
    const catalog = createFakeClient({ 'GET /api/products/:id': () => reply(404, { title: 'Not Found' }) });
    const svc = await createTestService(shipping, { db: knex, catalog });
    open.push(svc);
    expect(built).toEqual([]);
    expect(await knex('rates').count({ n: '*' })).toEqual([{ n: 1 }]);
    expect((await fetch(`${svc.url()}/quotes/404`)).status).toBe(404);
  });

  it('fakes failures as the real client reports them, with the same default rule', async () => {
    const catalog = createFakeClient({ 'GET /api/products/:id': () => failWith('upstream_timeout') });
    const svc = await createTestService(shipping, { catalog });
    open.push(svc);
    expect(await (await fetch(`${svc.url()}/quotes/1`)).json()).toEqual({ price: 2, estimated: true });
    const [call] = catalog.calls;
    expect(call.result).toMatchObject({ ok: false, outcome: 'upstream_timeout', fromDefault: true, body: { weightKg: 1 } });
  });

  it('answers an unmatched call with a 404 it records, and a handler that throws with a 500', async () => {
    const fake = createFakeClient({ 'POST /orders': () => {
      throw new Error('boom');
    } });
    expect(await fake.get('service://catalog/api/nothing?x=1')).toMatchObject({ ok: false, outcome: 'http_error', status: 404 });
    expect(fake.calls[0]).toMatchObject({ method: 'GET', path: '/api/nothing', query: { x: '1' }, route: undefined });
    expect(await fake.post('/orders', { body: { sku: 'fig' }, default: { queued: false } })).toMatchObject({ status: 500, fromDefault: true, body: { queued: false } });
    expect(fake.calls[1].body).toEqual({ sku: 'fig' });
  });

  it('fails with the error of a setup that fails', async () => {
    const failing = defineService<Deps, Config>({ ...shipping, setup: () => Promise.reject(new Error('migration broke')) });
    await expect(createTestService(failing, { catalog: createFakeClient({}) }, { env: { DATABASE_URL: 'sqlite::memory:' } })).rejects.toThrow('migration broke');
    expect(built).toEqual(['db']);
  });
});

import { describe, expect, it } from 'vitest';
import { codes, extractTree, routeList } from './tiny-tree.js';

describe('routes: fastify', () => {
  it('app.METHOD, route({ method, url }) and plugins registered with a prefix, nested across files', async () => {
    const facts = await extractTree({
      'src/server.ts': `import Fastify from 'fastify';
import users from './routes/users';
import { v2 } from './routes/v2';
const app = Fastify({ logger: true });
app.get('/health', async () => ({ ok: true }));
app.register(users, { prefix: '/api/users' });
app.register(v2, { prefix: '/api/v2' });
app.listen({ port: 3000 });`,
      'src/routes/users.ts': `import type { FastifyInstance } from 'fastify';
export default async function users(fastify: FastifyInstance) {
  fastify.get('/', async () => []);
  fastify.get('/:id', { schema: { params: {} } }, async () => ({}));
  fastify.route({ method: ['PUT', 'PATCH'], url: '/:id', handler: async () => ({}) });
}`,
      'src/routes/v2.ts': `import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import orders from './orders';
const auth = fp(async (instance) => {
  instance.post('/login', async () => ({}));
});
export const v2: FastifyPluginAsync = async (app) => {
  app.register(auth, { prefix: '/ignored' });
  app.register(orders, { prefix: 'orders' });
};`,
      'src/routes/orders.js': "module.exports = async function (server, opts) {\n  server.route({ method: 'DELETE', url: '/:orderId', handler: async () => null });\n};\n",
    });
    expect(routeList(facts)).toEqual([
      'DELETE /api/v2/orders/:orderId src/routes/orders.js',
      'GET /api/users src/routes/users.ts',
      'GET /api/users/:id src/routes/users.ts',
      'GET /health src/server.ts',
      'PATCH /api/users/:id src/routes/users.ts',
      'POST /api/v2/login src/routes/v2.ts',
      'PUT /api/users/:id src/routes/users.ts',
    ]);
    expect(facts.stats.styles?.routes).toEqual(['fastify']);
  });

  it('a prefix that is not a constant leaves the plugin out and says where', async () => {
    const facts = await extractTree({
      'server.js': "const fastify = require('fastify')();\nfastify.register(async (f) => { f.get('/x', async () => 1); }, { prefix: process.env.P });\nfastify.route({ method: process.env.M, url: '/y', handler() {} });\n",
    });
    expect(routeList(facts)).toEqual([]);
    expect(codes(facts)).toEqual(['DYNAMIC_ROUTE server.js:2', 'DYNAMIC_ROUTE server.js:3']);
  });

  it('a plugin that cannot be followed, or a folder loaded by @fastify/autoload, is a diagnostic; package plugins are not', async () => {
    const facts = await extractTree({
      'server.ts': "import Fastify from 'fastify';\nimport cors from '@fastify/cors';\nimport autoload from '@fastify/autoload';\nconst app = Fastify();\napp.register(cors, { origin: true });\napp.register(autoload, { dir: 'routes' });\napp.register(import('./routes/users'), { prefix: '/users' });\napp.get('/ok', async () => 1);\n",
    });
    expect(routeList(facts)).toEqual(['GET /ok server.ts']);
    expect(codes(facts)).toEqual(['DYNAMIC_ROUTE server.ts:6', 'DYNAMIC_ROUTE server.ts:7']);
  });
});

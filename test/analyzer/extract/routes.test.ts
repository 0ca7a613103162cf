import { describe, expect, it } from 'vitest';
import { codes, extractTree, routeList } from './tiny-tree.js';

describe('routes', () => {
  it('app.METHOD and all, with line numbers', async () => {
    const facts = await extractTree({
      'server.js': "const express = require('express');\nconst app = express();\napp.get('/health', (q, s) => s.end());\napp.all('/ping', (q, s) => s.end());\napp.delete('/cache', (q, s) => s.end());\napp.get('env');\napp.listen(3000);\n",
    });
    expect(routeList(facts)).toEqual(['ALL /ping server.js', 'DELETE /cache server.js', 'GET /health server.js']);
    expect(facts.routes.find((r) => r.path === '/health')!.line).toBe(3);
    expect(facts.stats.styles?.routes).toEqual(['express']);
  });

  it('router.route("/x").get().post() chains', async () => {
    const facts = await extractTree({
      'app.ts': "import { Router } from 'express';\nconst r = Router();\nr.route('/items/:id').get(h).put(h).delete(h);\nfunction h() {}\nexport default r;\n",
    });
    expect(routeList(facts)).toEqual(['DELETE /items/:id app.ts', 'GET /items/:id app.ts', 'PUT /items/:id app.ts']);
  });

  it('follows mounts across files: default and named exports, CommonJS, re-exports, nested routers', async () => {
    const facts = await extractTree({
      'src/app.ts': `import express from 'express';
import orders from './orders/routes.js';
import { api } from './api.js';
const users = require('./users/routes');
export const app = express();
api.use('/orders', orders);
api.use('/users', users);
app.use('/api/v1', api);
app.use(express.json());`,
      'src/api.ts': "import express from 'express';\nexport const api = express.Router();\napi.get('/', (q: any, s: any) => s.end());\n",
      'src/orders/routes.ts': "import { Router } from 'express';\nimport { items } from './index.js';\nconst router = Router();\nrouter.get('/', list);\nrouter.post('/:id/cancel', list);\nrouter.use('/:orderId/items', items);\nfunction list() {}\nexport default router;\n",
      'src/orders/index.ts': "export { itemsRouter as items } from './items.js';\n",
      'src/orders/items.ts': "import express from 'express';\nexport const itemsRouter = express.Router({ mergeParams: true });\nitemsRouter.get('/', () => {});\n",
      'src/users/routes.js': "const { Router } = require('express');\nconst r = Router();\nr.post('/login', () => {});\nmodule.exports = r;\n",
    });
    expect(routeList(facts)).toEqual([
      'GET /api/v1 src/api.ts',
      'GET /api/v1/orders src/orders/routes.ts',
      'GET /api/v1/orders/:orderId/items src/orders/items.ts',
      'POST /api/v1/orders/:id/cancel src/orders/routes.ts',
      'POST /api/v1/users/login src/users/routes.js',
    ]);
  });

  it('routers created by factory functions and routes registered on a passed-in app', async () => {
    const facts = await extractTree({
      'app.ts': "import express from 'express';\nimport { makeCatalog } from './catalog.js';\nimport { registerAdmin } from './admin.js';\nconst app = express();\napp.use('/catalog', makeCatalog({}));\nregisterAdmin(app);\n",
      'catalog.ts': "import { Router } from 'express';\nexport function makeCatalog(deps: object) {\n  const router = Router();\n  router.get('/products', () => {});\n  return router;\n}\n",
      'admin.ts': "import type { Express } from 'express';\nconst PREFIX = '/admin';\nexport function registerAdmin(app: Express) {\n  app.get(`${PREFIX}/stats`, () => {});\n}\n",
    });
    expect(routeList(facts)).toEqual(['GET /admin/stats admin.ts', 'GET /catalog/products catalog.ts']);
  });

  it('controller wrappers passing { method, path, handler } objects', async () => {
    const facts = await extractTree({
      'app.ts': "import express from 'express';\nimport reviews from './reviews.js';\nimport { register } from './wrap.js';\nimport { payments } from './payments.js';\nconst app = express();\nconst api = express.Router();\napp.use('/api', api);\napi.use('/reviews', reviews);\nregister(api, payments);\n",
      'wrap.ts': "import { Router } from 'express';\nexport function controller(defs: any[]) { const r = Router(); for (const d of defs) (r as any)[d.method](d.path, d.handler); return r; }\nexport function register(router: any, defs: any[]) { for (const d of defs) router[d.method](d.path, d.handler); }\n",
      'reviews.ts': "import { controller } from './wrap.js';\nexport default controller([\n  { method: 'get', path: '/', handler: () => {} },\n  { method: 'POST', path: '/:id/votes', handler: () => {} },\n]);\n",
      'payments.ts': "const BASE = '/payments';\nexport const payments = [{ method: 'post', path: `${BASE}/refund`, handler: () => {} }];\n",
    });
    expect(routeList(facts)).toEqual(['GET /api/reviews reviews.ts', 'POST /api/payments/refund payments.ts', 'POST /api/reviews/:id/votes reviews.ts']);
  });

  it('reports a dynamic route path instead of guessing', async () => {
    const facts = await extractTree({
      'app.js': "const app = require('express')();\nfunction mount(p) {\n  app.get(p, () => {});\n}\napp.get(['/a', '/b'], () => {});\n",
    });
    expect(routeList(facts)).toEqual(['GET /a app.js', 'GET /b app.js']);
    expect(codes(facts)).toEqual(['DYNAMIC_ROUTE app.js:3']);
  });

  it('survives recursive factories and self-referencing constants', async () => {
    const facts = await extractTree({
      'app.ts': "import express from 'express';\nconst A: string = B;\nconst B: string = A;\nfunction loop(): any { return loop(); }\nconst app = express();\napp.use('/x', loop());\napp.get(A, () => {});\napp.get('/ok', () => {});\n",
    });
    expect(routeList(facts)).toEqual(['GET /ok app.ts']);
    expect(codes(facts)).toEqual(['DYNAMIC_ROUTE app.ts:7']);
  });

  it('leaves out routes under a mount prefix built at run time, and says where', async () => {
    const facts = await extractTree({
      'app.js': "const express = require('express');\nconst app = express();\nconst v1 = express.Router();\nv1.get('/items', () => {});\napp.use(`/api/${process.env.VERSION}`, v1);\napp.use('/stable', v1);\n",
    });
    expect(routeList(facts)).toEqual(['GET /stable/items app.js']);
    expect(codes(facts)).toEqual(['DYNAMIC_ROUTE app.js:5']);
  });

  it('every express method, routers built and exported in one expression, and only calls on an app or router', async () => {
    const facts = await extractTree({
      'src/app.ts': `import express from 'express';
import { assistant } from './assistant';
import { docs } from './docs';
const app = express();
app.use('/api/assistant', assistant);
app.use('/api/docs', docs);
export default app;`,
      'src/assistant.ts': "import { Router } from 'express';\nconst h = () => {};\nexport const assistant = Router().post('/chat', h).post('/object', h);\n",
      'src/docs.ts': `import express from 'express';
import axios from 'axios';
export const docs = express.Router();
const cache = new Map<string, object>();
const api = axios.create({ baseURL: 'http://x' });
docs.search('/', (req, res) => res.json(cache.get(req.path)));
docs.purge('/cache', () => {});
export async function warm(key: string) { cache.get(key, {}); await api.get('/remote', { timeout: 1 }); }`,
    });
    expect(routeList(facts)).toEqual([
      'POST /api/assistant/chat src/assistant.ts',
      'POST /api/assistant/object src/assistant.ts',
      'PURGE /api/docs/cache src/docs.ts',
      'SEARCH /api/docs src/docs.ts',
    ]);
  });

  it('a router mounted under a prefix held in a variable is left out, as its diagnostic says', async () => {
    const facts = await extractTree({
      'app.js': "const express = require('express');\nconst app = express();\nconst cb = express.Router();\ncb.get('/callback', () => {});\nfor (const provider of providers()) {\n  const prefix = '/login/' + provider;\n  app.use(prefix, cb);\n}\n",
    });
    expect(routeList(facts)).toEqual([]);
    expect(codes(facts)).toEqual(['DYNAMIC_ROUTE app.js:7']);
  });

  it("Apollo Server's applyMiddleware serves GraphQL on GET and POST, at /graphql unless a path is given", async () => {
    const facts = await extractTree({
      'server.js': "const express = require('express');\nconst { ApolloServer } = require('apollo-server-express');\nconst app = express();\nconst graph = new ApolloServer({});\ngraph.applyMiddleware({ app, cors: false });\nnew ApolloServer({}).applyMiddleware({ app, path: '/admin/graphql' });\n",
    });
    expect(routeList(facts)).toEqual(['GET /admin/graphql server.js', 'GET /graphql server.js', 'POST /admin/graphql server.js', 'POST /graphql server.js']);
    expect(facts.stats.styles?.routes).toEqual(['apollo']);
  });

  it('routers exported as properties of module.exports, through an index that re-exports with require', async () => {
    const facts = await extractTree({
      'server/server.js': "const express = require('express');\nconst routes = require('./routes');\nconst app = express();\napp.use('/', routes.render);\napp.use('/api/v2', routes.api);\napp.use('/api', routes.api);\n",
      'server/routes/index.js': "module.exports = require('./routes');\n",
      'server/routes/routes.js': "const { Router } = require('express');\nconst links = require('./links');\nconst apiRouter = Router();\napiRouter.use('/links', links);\nconst render = Router();\nrender.get('/about', (q, s) => s.end());\nmodule.exports = { api: apiRouter, render };\n",
      'server/routes/links.js': "const { Router } = require('express');\nconst router = Router();\nrouter.delete('/:id', (q, s) => s.end());\nmodule.exports = router;\n",
    });
    expect(routeList(facts)).toEqual(['DELETE /api/links/:id server/routes/links.js', 'DELETE /api/v2/links/:id server/routes/links.js', 'GET /about server/routes/routes.js']);
  });
});

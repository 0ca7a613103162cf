import { describe, expect, it } from 'vitest';
import { codes, extractTree, routeList } from './tiny-tree.js';

describe('routes: Koa', () => {
  it('koa-router prefixes, nested routers, router.routes() on an app and apps mounted with koa-mount', async () => {
    const facts = await extractTree({
      'src/server.ts': `import Koa from 'koa';
import mount from 'koa-mount';
import api from './api';
import pages from './pages';
const app = new Koa();
app.use(mount('/api', api));
app.use(mount(pages));
app.listen(3000);`,
      'src/api/index.ts': `import Koa from 'koa';
import Router from '@koa/router';
import documents from './documents';
import users from './users';
const api = new Koa();
const router = new Router();
router.use('/', documents.routes());
router.use('/people', users.routes(), users.allowedMethods());
router.register('*', ['get', 'post'], (ctx) => ctx.throw(404));
api.use(router.routes());
export default api;`,
      'src/api/documents.ts': `import Router from '@koa/router';
const router = new Router();
router.post('documents.list', async (ctx) => {});
router.post('documents.info', async (ctx) => {});
export default router;`,
      'src/api/users.ts': `import Router from 'koa-router';
const router = new Router({ prefix: '/v2' });
router.get('user', '/:id', async (ctx) => {});
router.del('/:id', async (ctx) => {});
export default router;`,
      'src/pages.ts': `import Koa from 'koa';
import Router from 'koa-router';
const koa = new Koa();
const router = new Router();
router.prefix('/app');
router.get('/home', async (ctx) => {});
koa.use(router.routes());
export default koa;`,
    });
    expect(routeList(facts)).toEqual([
      'DELETE /api/people/v2/:id src/api/users.ts',
      'GET /api/* src/api/index.ts',
      'GET /api/people/v2/:id src/api/users.ts',
      'GET /app/home src/pages.ts',
      'POST /api/* src/api/index.ts',
      'POST /api/documents.info src/api/documents.ts',
      'POST /api/documents.list src/api/documents.ts',
    ]);
    expect(facts.stats.styles?.routes).toEqual(['koa-router']);
  });

  it('a router prefix or a mount prefix that is not a constant leaves its routes out, with a diagnostic', async () => {
    const facts = await extractTree({
      'app.js': `const Koa = require('koa');
const Router = require('@koa/router');
const mount = require('koa-mount');
const app = new Koa();
const admin = new Router({ prefix: process.env.ADMIN_PREFIX });
admin.get('/stats', (ctx) => {});
const inner = new Koa();
const r = new Router();
r.get('/x', (ctx) => {});
inner.use(r.routes());
app.use(admin.routes());
app.use(mount(\`/\${process.env.BASE}\`, inner));`,
    });
    expect(routeList(facts)).toEqual([]);
    expect(codes(facts)).toEqual(['DYNAMIC_ROUTE app.js:5', 'DYNAMIC_ROUTE app.js:12']);
  });

  it("a tree's own router class under Koa reads like koa-router, del and alias(method, path, target) included", async () => {
    const facts = await extractTree({
      'src/app.ts': "import Koa from 'koa';\nimport files from './routes/files';\nconst app = new Koa();\napp.use(async (ctx) => files.findEndPoint(ctx.method, ctx.path));\n",
      'src/utils/Router.ts': 'export default class Router {\n  get(path: string, h: Function) {}\n  del(path: string, h: Function) {}\n}\n',
      'src/utils/types.ts': "export enum HttpMethod { GET = 'GET', POST = 'POST' }\n",
      'src/routes/files.ts': "import Router from '../utils/Router';\nimport { HttpMethod } from '../utils/types';\nconst router = new Router();\nrouter.alias(HttpMethod.GET, 'api/files', 'api/files/:id');\nrouter.get('api/files/:id', async () => {});\nrouter.del('api/files/:id', async () => {});\nexport default router;\n",
    });
    expect(routeList(facts)).toEqual(['DELETE /api/files/:id src/routes/files.ts', 'GET /api/files src/routes/files.ts', 'GET /api/files/:id src/routes/files.ts']);
    expect(facts.stats.styles?.routes).toEqual(['koa']);
  });
});

import { describe, expect, it } from 'vitest';
import { codes, extractTree, routeList } from './tiny-tree.js';

describe('routes: hapi', () => {
  it('server.route in object and array forms, {param} paths as :param, plugins with a routes prefix', async () => {
    const facts = await extractTree({
      'src/server.js': `'use strict';
const Hapi = require('@hapi/hapi');
const routes = require('./routes');
const orders = require('./plugins/orders');
const init = async () => {
  const server = Hapi.server({ port: 3000 });
  server.route({ method: 'GET', path: '/', handler: () => 'ok' });
  server.route(routes);
  await server.register({ plugin: orders, routes: { prefix: '/api' } });
  await server.start();
};
init();`,
      'src/routes.js': `module.exports = [
  { method: ['GET', 'POST'], path: '/users/{id}', handler: () => null },
  { method: '*', path: '/files/{path*}', handler: () => null },
  { method: 'GET', path: '/search/{term?}', options: { handler: () => null } },
];`,
      'src/plugins/orders.js': `exports.plugin = {
  name: 'orders',
  register: async function (server, options) {
    server.route([{ method: 'DELETE', path: '/orders/{orderId}', handler: () => null }]);
  },
};`,
    });
    expect(routeList(facts)).toEqual([
      'ALL /files/* src/routes.js',
      'DELETE /api/orders/:orderId src/plugins/orders.js',
      'GET / src/server.js',
      'GET /search/:term? src/routes.js',
      'GET /users/:id src/routes.js',
      'POST /users/:id src/routes.js',
    ]);
    expect(facts.stats.styles?.routes).toEqual(['hapi']);
    expect(codes(facts)).toEqual([]);
  });

  it('a route whose path is not a constant is a diagnostic', async () => {
    const facts = await extractTree({
      'server.ts': "import Hapi from '@hapi/hapi';\nconst server = Hapi.server();\nserver.route({ method: 'GET', path: `/${process.env.BASE}/x`, handler: () => 1 });\n",
    });
    expect(routeList(facts)).toEqual([]);
    expect(codes(facts)).toEqual(['DYNAMIC_ROUTE server.ts:3']);
  });
});

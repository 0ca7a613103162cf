// The node that stands for a router, app or server wherever it is used: the expression that created
// it, or the parameter it arrives in. Routes and mounts hang on these keys, across files.
import ts from '../typescript.cjs';
import { functionOf, unwrap, type FileIndex } from '../index-file.js';
import { calleeName } from '../tables/knex-chain.js';
import type { Symbols } from '../symbols.js';
import { routerBehind } from './koa.js';
import { factoryStyle } from './route-style.js';

// Every method express's router accepts (the `methods` package), plus `all`; `del` is koa-router's DELETE.
export const HTTP_METHODS = new Set([
  'get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options', 'all', 'acl', 'bind', 'checkout', 'connect', 'copy', 'link', 'lock', 'm-search', 'merge', 'mkactivity',
  'mkcalendar', 'mkcol', 'move', 'notify', 'propfind', 'proppatch', 'purge', 'query', 'rebind', 'report', 'search', 'source', 'subscribe', 'trace', 'unbind', 'unlink', 'unlock', 'unsubscribe',
]);

const ROUTER_FACTORY = /(^|\.)(Router|express|createRouter|createApp|Koa)$/;
const ROUTER_NAME = /^(app|api|router|routes|server|[a-z]\w*Router|[a-z]\w*Routes|[a-z]\w*App)$/;

export interface RouterKeys {
  routers: Set<ts.Node>; // keys known to be routers (created by a factory, or used as one)
  specConsumers: Set<ts.Node>; // calls taking route objects: they stand for the router they make
  keyOf(file: FileIndex, expr: ts.Expression): ts.Node | undefined;
  /** The router key behind a receiver when it is (or may by its name be) a router. */
  routerOwner(file: FileIndex, receiver: ts.Expression): ts.Node | undefined;
  isFactoryCall(file: FileIndex, call: ts.CallExpression | ts.NewExpression): boolean;
}

export function createRouterKeys(symbols: Symbols): RouterKeys {
  const routers = new Set<ts.Node>();
  const specConsumers = new Set<ts.Node>();
  const inFactory = new Set<ts.Node>(); // a function returning a call to itself must not loop

  const isFactoryCall = (file: FileIndex, call: ts.CallExpression | ts.NewExpression): boolean => {
    if (factoryStyle(file, call)) {
      const callee = unwrap(call.expression);
      // `Hapi.server()`, `new Hapi.Server()`, `express.Router()`, `Router()`, `Fastify()`: not `express.json()`
      return !ts.isPropertyAccessExpression(callee) || /^(Router|server|Server)$/.test(callee.name.text);
    }
    const name = calleeName(call.expression);
    return !!name && ROUTER_FACTORY.test(name);
  };

  const keyOf = (file: FileIndex, expr: ts.Expression): ts.Node | undefined => {
    const e = unwrap(expr);
    const behind = ts.isCallExpression(e) ? routerBehind(e) : undefined; // koa: `router.routes()`
    if (behind) return keyOf(file, behind);
    if (ts.isCallExpression(e) && !ts.isIdentifier(e.expression) && !ts.isPropertyAccessExpression(e.expression)) return e;
    if (ts.isCallExpression(e) && (specConsumers.has(e) || isFactoryCall(file, e))) return e;
    if (ts.isNewExpression(e)) return e;
    // `Router().post('/a', h).post('/b', h)`: the chain returns the router it starts at.
    const callee = ts.isCallExpression(e) ? unwrap(e.expression) : undefined;
    if (callee && ts.isPropertyAccessExpression(callee) && (HTTP_METHODS.has(callee.name.text) || callee.name.text === 'use')) return keyOf(file, callee.expression);
    if (ts.isCallExpression(e) && !(calleeName(e.expression) === 'require')) return factoryResult(file, e) ?? e;
    const r = symbols.resolveReference(file, e);
    if (!r || 'module' in r) return undefined;
    return canonical(r.file, r.node);
  };

  const canonical = (file: FileIndex, node: ts.Node): ts.Node => {
    // `module.exports = { api: apiRouter }` read as `routes.api`: the router the property holds
    if (ts.isPropertyAssignment(node)) return keyOf(file, node.initializer) ?? node;
    if (ts.isShorthandPropertyAssignment(node)) return keyOf(file, node.name) ?? node;
    if (ts.isVariableDeclaration(node) && node.initializer) {
      const init = unwrap(node.initializer);
      if (ts.isCallExpression(init) || ts.isNewExpression(init)) return ts.isCallExpression(init) ? keyOf(file, init) ?? init : init;
    }
    if (ts.isExpression(node) && ts.isCallExpression(unwrap(node))) return keyOf(file, node as ts.Expression) ?? node;
    return node;
  };

  // `makeOrdersRouter(deps)` → the router that function creates and returns.
  const factoryResult = (file: FileIndex, call: ts.CallExpression): ts.Node | undefined => {
    const r = symbols.resolveReference(file, call.expression);
    if (!r || 'module' in r) return undefined;
    const fn = functionOf(r.node);
    if (!fn?.body || inFactory.has(fn)) return undefined;
    inFactory.add(fn);
    try {
      if (!ts.isBlock(fn.body)) return keyOf(r.file, fn.body);
      let result: ts.Node | undefined;
      const visit = (n: ts.Node) => {
        if (result || (ts.isFunctionLike(n) && n !== fn)) return;
        if (ts.isReturnStatement(n) && n.expression) result = keyOf(r.file, n.expression);
        else ts.forEachChild(n, visit);
      };
      ts.forEachChild(fn.body, visit);
      return result;
    } finally {
      inFactory.delete(fn);
    }
  };

  const routerOwner = (file: FileIndex, receiver: ts.Expression): ts.Node | undefined => {
    const key = keyOf(file, receiver);
    if (!key) return undefined;
    if (routers.has(key)) return key;
    const name = calleeName(receiver)?.split('.').pop();
    // A name only says "router" where nothing else can: a parameter, or something made out of sight.
    // A variable made here is a router only when a router factory made it (`new Map()`, `axios.create()` are not).
    const made = ts.isVariableDeclaration(key) || ts.isCallExpression(key) || ts.isNewExpression(key);
    const madeFile = symbols.fileOf(key) ?? file;
    if ((name && ROUTER_NAME.test(name) && !made) || ((ts.isCallExpression(key) || ts.isNewExpression(key)) && isFactoryCall(madeFile, key))) {
      routers.add(key);
      return key;
    }
    return undefined;
  };

  return { routers, specConsumers, keyOf, routerOwner, isFactoryCall };
}

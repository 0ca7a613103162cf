// HTTP routes from express-style code: `app.METHOD`, `router.route().METHOD`, `all`, routers mounted
// with `use('/prefix', router)` across files (imports, re-exports, `export default`, CommonJS,
// factory functions) and controller wrappers that pass `{ method, path, handler }` objects. Each
// route gets the full path a client calls.
import { ts } from 'ts-morph';
import type { Diagnostic, RouteFact } from '../types.js';
import { functionOf, lineOf, propertyNameText, unwrap, type FileIndex } from './index-file.js';
import { joinRoutePath } from './join-route-path.js';
import { calleeName } from './tables/knex-chain.js';
import type { Symbols } from './symbols.js';

// Every method express's router accepts (the `methods` package), plus `all`.
const HTTP_METHODS = new Set([
  'get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'all', 'acl', 'bind', 'checkout', 'connect', 'copy', 'link', 'lock', 'm-search', 'merge', 'mkactivity',
  'mkcalendar', 'mkcol', 'move', 'notify', 'propfind', 'proppatch', 'purge', 'query', 'rebind', 'report', 'search', 'source', 'subscribe', 'trace', 'unbind', 'unlink', 'unlock', 'unsubscribe',
]);
const ROUTER_FACTORY = /(^|\.)(Router|express|createRouter|createApp)$/;
const HANDLER_KEYS = new Set(['handler', 'handlers', 'action', 'controller', 'fn', 'middleware', 'callback', 'run']);
const ROUTER_NAME = /^(app|api|router|routes|server|[a-z]\w*Router|[a-z]\w*Routes|[a-z]\w*App)$/;

interface RouteDecl {
  owner: ts.Node;
  method: string;
  path: string;
  file: string;
  line: number;
}

interface Mount {
  parent: ts.Node;
  child: ts.Node;
  prefix: string | null; // null: not a constant
}

/** Extracts every route with its full client path from all indexed files. */
export function extractRoutes(symbols: Symbols): { routes: RouteFact[]; styles: string[]; diagnostics: Diagnostic[] } {
  const decls: RouteDecl[] = [];
  const mounts: Mount[] = [];
  const diagnostics: Diagnostic[] = [];
  const routers = new Set<ts.Node>(); // keys known to be routers (created by a factory, or used as one)
  const useCalls: { file: FileIndex; call: ts.CallExpression; owner: ts.Node }[] = [];
  const otherCalls: { file: FileIndex; call: ts.CallExpression }[] = [];
  const specConsumers = new Map<ts.Node, { file: FileIndex; specs: ts.ObjectLiteralExpression[] }>();

  // The node that stands for a router: the expression that created it, or the parameter it arrives in.
  const keyOf = (file: FileIndex, expr: ts.Expression): ts.Node | undefined => {
    const e = unwrap(expr);
    if (ts.isCallExpression(e) && !ts.isIdentifier(e.expression) && !ts.isPropertyAccessExpression(e.expression)) return e;
    if (ts.isCallExpression(e) && (specConsumers.has(e) || isRouterFactoryCall(e))) return e;
    // `Router().post('/a', h).post('/b', h)`: the chain returns the router it starts at.
    const callee = ts.isCallExpression(e) ? unwrap(e.expression) : undefined;
    if (callee && ts.isPropertyAccessExpression(callee) && (HTTP_METHODS.has(callee.name.text) || callee.name.text === 'use')) return keyOf(file, callee.expression);
    if (ts.isCallExpression(e) && !(calleeName(e.expression) === 'require')) return factoryResult(file, e) ?? e;
    const r = symbols.resolveReference(file, e);
    if (!r || 'module' in r) return undefined;
    return canonical(r.file, r.node);
  };
  const canonical = (file: FileIndex, node: ts.Node): ts.Node => {
    if (ts.isVariableDeclaration(node) && node.initializer) {
      const init = unwrap(node.initializer);
      if (ts.isCallExpression(init) || ts.isNewExpression(init)) return ts.isCallExpression(init) ? keyOf(file, init) ?? init : init;
    }
    if (ts.isExpression(node) && ts.isCallExpression(unwrap(node))) return keyOf(file, node as ts.Expression) ?? node;
    return node;
  };
  // `makeOrdersRouter(deps)` → the router that function creates and returns.
  const inFactory = new Set<ts.Node>(); // a function returning a call to itself must not loop
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

  const isRouterOwner = (file: FileIndex, receiver: ts.Expression): ts.Node | undefined => {
    const key = keyOf(file, receiver);
    if (!key) return undefined;
    if (routers.has(key)) return key;
    const name = calleeName(receiver)?.split('.').pop();
    // A name only says "router" where nothing else can: a parameter, or something made out of sight.
    // A variable made here is a router only when a router factory made it (`new Map()`, `axios.create()` are not).
    const made = ts.isVariableDeclaration(key) || ts.isCallExpression(key) || ts.isNewExpression(key);
    if ((name && ROUTER_NAME.test(name) && !made) || ((ts.isCallExpression(key) || ts.isNewExpression(key)) && isRouterFactoryCall(key))) {
      routers.add(key);
      return key;
    }
    return undefined;
  };

  // Pass 1: route specs for controller wrappers, router factories.
  for (const file of symbols.files.values()) {
    const visit = (n: ts.Node) => {
      if (ts.isObjectLiteralExpression(n) && isRouteSpec(n)) {
        const consumer = specConsumer(file, n);
        if (consumer) {
          const entry = specConsumers.get(consumer) ?? { file, specs: [] };
          entry.specs.push(n);
          specConsumers.set(consumer, entry);
        }
      } else if (ts.isCallExpression(n) && isRouterFactoryCall(n)) routers.add(n);
      ts.forEachChild(n, visit);
    };
    visit(file.sf);
  }

  // Pass 2: route and use calls.
  for (const file of symbols.files.values()) {
    const visit = (n: ts.Node) => {
      if (ts.isCallExpression(n)) visitCall(file, n);
      ts.forEachChild(n, visit);
    };
    visit(file.sf);
  }

  function visitCall(file: FileIndex, call: ts.CallExpression) {
    const callee = unwrap(call.expression);
    if (!ts.isPropertyAccessExpression(callee)) {
      if (call.arguments.length) otherCalls.push({ file, call });
      return;
    }
    const method = callee.name.text;
    if (HTTP_METHODS.has(method) && call.arguments.length >= 2) {
      const target = routeTarget(file, callee.expression);
      if (target) addRoute(file, target.owner, method, target.path ?? call.arguments[0], call);
      return;
    }
    if (HTTP_METHODS.has(method) && call.arguments.length === 1 && routeTarget(file, callee.expression)?.path) {
      const target = routeTarget(file, callee.expression)!; // router.route('/x').get(handler)
      addRoute(file, target.owner, method, target.path!, call);
      return;
    }
    if (method === 'use' && call.arguments.length) {
      const owner = isRouterOwner(file, callee.expression);
      if (owner) useCalls.push({ file, call, owner });
      return;
    }
    if (call.arguments.length) otherCalls.push({ file, call });
  }

  // `router.get(...)` → router; `router.route('/x').get().post()` → router and '/x'.
  function routeTarget(file: FileIndex, receiver: ts.Expression): { owner: ts.Node; path?: ts.Expression } | undefined {
    const r = unwrap(receiver);
    if (ts.isCallExpression(r) && ts.isPropertyAccessExpression(unwrap(r.expression))) {
      const inner = unwrap(r.expression) as ts.PropertyAccessExpression;
      if (inner.name.text === 'route' && r.arguments[0]) {
        const owner = isRouterOwner(file, inner.expression);
        return owner ? { owner, path: r.arguments[0] } : undefined;
      }
      if (HTTP_METHODS.has(inner.name.text)) return routeTarget(file, inner.expression);
      return undefined;
    }
    const owner = isRouterOwner(file, r);
    return owner ? { owner } : undefined;
  }

  function addRoute(file: FileIndex, owner: ts.Node, method: string, pathExpr: ts.Expression, site: ts.Node) {
    const line = lineOf(file.sf, site);
    const paths = symbols.evaluateStrings(file, pathExpr);
    if (!paths) {
      diagnostics.push({ file: file.rel, line, code: 'DYNAMIC_ROUTE', message: `route path \`${pathExpr.getText(file.sf).slice(0, 60)}\` is not a constant` });
      return;
    }
    for (const path of paths) decls.push({ owner, method: method.toUpperCase(), path, file: file.rel, line });
  }

  // Mounts: app.use('/prefix', router, …), app.use(router). A prefix built at run time mounts
  // nothing we can name: its routers' routes under it are left out, with a DYNAMIC_ROUTE.
  for (const { file, call, owner } of useCalls) {
    const [first, ...rest] = call.arguments;
    const first0 = unwrap(first);
    const dynamicPrefix = ts.isTemplateExpression(first0) || (ts.isBinaryExpression(first0) && first0.operatorToken.kind === ts.SyntaxKind.PlusToken);
    // A first argument that is neither a constant path nor a router or middleware is a prefix built at run time.
    const notMounted = !dynamicPrefix && rest.length > 0 && symbols.evaluateStrings(file, first) === undefined && !isMiddlewareLike(file, first0);
    const prefixes = symbols.evaluateStrings(file, first) ?? (dynamicPrefix || notMounted ? [null] : undefined);
    if (prefixes?.[0] === null) {
      diagnostics.push({ file: file.rel, line: lineOf(file.sf, call), code: 'DYNAMIC_ROUTE', message: `mount prefix \`${first.getText(file.sf).slice(0, 60)}\` is not a constant; routes under it are left out` });
    }
    for (const arg of prefixes ? rest : call.arguments) {
      const child = keyOf(file, arg);
      if (child && child !== owner) for (const prefix of prefixes ?? ['']) mounts.push({ parent: owner, child, prefix });
    }
  }

  // Controller wrappers: `register(router, [{ method, path, handler }])` or `const c = controller([...])`.
  for (const [consumer, { file, specs }] of specConsumers) {
    const call = consumer as ts.CallExpression;
    const callFile = symbols.fileOf(call) ?? file; // `register(api, routes)` may sit in an importer
    const routerArg = call.arguments.map((a) => keyOf(callFile, a)).find((k) => k && routers.has(k));
    const owner = routerArg ?? consumer;
    routers.add(owner);
    for (const spec of specs) {
      const method = specValue(file, spec, 'method');
      const pathProp = spec.properties.find((p) => p.name && propertyNameText(p.name) === 'path');
      const pathExpr = pathProp && (ts.isPropertyAssignment(pathProp) ? pathProp.initializer : ts.isShorthandPropertyAssignment(pathProp) ? pathProp.name : undefined);
      if (!method || !pathExpr || !HTTP_METHODS.has(method.toLowerCase())) {
        // `{ method: req.method, path: req.path }` in a log line is no route; one with a handler is.
        if (hasHandler(spec)) diagnostics.push({ file: file.rel, line: lineOf(file.sf, spec), code: 'DYNAMIC_ROUTE', message: 'route object with a method or path that is not a constant' });
        continue;
      }
      addRoute(file, owner, method.toLowerCase(), pathExpr, spec);
    }
  }

  // Routers handed to a function that declares routes on its parameter: `registerOrders(app)`.
  const paramOwners = new Set([...decls.map((d) => d.owner), ...mounts.map((m) => m.parent)].filter((n) => ts.isParameter(n)));
  if (paramOwners.size) {
    for (const { file, call } of otherCalls) {
      const r = symbols.resolveReference(file, call.expression);
      const fn = r && 'node' in r ? functionOf(r.node) : undefined;
      if (!fn) continue;
      fn.parameters.forEach((param, i) => {
        if (!paramOwners.has(param) || !call.arguments[i]) return;
        const parent = keyOf(file, call.arguments[i]);
        if (parent) mounts.push({ parent, child: param, prefix: '' });
      });
    }
  }

  const routes = resolveFullPaths(decls, mounts);
  return { routes, styles: routes.length ? ['express'] : [], diagnostics };

  // A router, a function, or a call that makes one (`auth()`), as `use` takes them; not a path.
  function isMiddlewareLike(file: FileIndex, arg: ts.Expression): boolean {
    if (ts.isFunctionLike(arg) || ts.isCallExpression(arg) || ts.isArrayLiteralExpression(arg)) return true;
    const key = keyOf(file, arg);
    if (key && routers.has(key)) return true;
    const r = ts.isIdentifier(arg) || ts.isPropertyAccessExpression(arg) ? symbols.resolveReference(file, arg) : undefined;
    if (!r || 'module' in r) return true; // imported from a package: middleware, most likely
    if (functionOf(r.node) || ts.isClassLike(r.node) || ts.isParameter(r.node)) return true;
    const init = ts.isVariableDeclaration(r.node) && r.node.initializer ? unwrap(r.node.initializer) : undefined;
    return !!init && !ts.isStringLiteralLike(init) && !ts.isTemplateExpression(init) && !ts.isBinaryExpression(init) && !ts.isPropertyAccessExpression(init) && !ts.isIdentifier(init);
  }

  function specConsumer(file: FileIndex, spec: ts.ObjectLiteralExpression): ts.Node | undefined {
    let n: ts.Node = spec;
    while (n.parent && (ts.isArrayLiteralExpression(n.parent) || ts.isParenthesizedExpression(n.parent) || ts.isAsExpression(n.parent) || ts.isSatisfiesExpression(n.parent))) n = n.parent;
    if (n.parent && ts.isCallExpression(n.parent) && n.parent.arguments.includes(n as ts.Expression)) return n.parent;
    // const routes = [...]; then routes passed to a call somewhere (this file or an importer)
    if (n.parent && ts.isVariableDeclaration(n.parent)) return findCallTaking(n.parent);
    return undefined;
  }

  function findCallTaking(decl: ts.VariableDeclaration): ts.Node | undefined {
    for (const file of symbols.files.values()) {
      if (ts.isIdentifier(decl.name) && !file.sf.text.includes(decl.name.text)) continue; // cannot name it
      let found: ts.Node | undefined;
      const visit = (n: ts.Node) => {
        if (found) return;
        if (ts.isCallExpression(n)) {
          for (const arg of n.arguments) {
            const r = ts.isIdentifier(unwrap(arg)) || ts.isPropertyAccessExpression(unwrap(arg)) ? symbols.resolveReference(file, arg) : undefined;
            if (r && 'node' in r && r.node === decl) found = n;
          }
        }
        ts.forEachChild(n, visit);
      };
      visit(file.sf);
      if (found) return found;
    }
    return undefined;
  }

  function specValue(file: FileIndex, spec: ts.ObjectLiteralExpression, key: string): string | undefined {
    const prop = spec.properties.find((p) => p.name && propertyNameText(p.name) === key);
    return prop ? symbols.evaluateString(file, prop) : undefined;
  }
}

function resolveFullPaths(decls: readonly RouteDecl[], mounts: readonly Mount[]): RouteFact[] {
  const parents = new Map<ts.Node, Mount[]>();
  for (const m of mounts) parents.set(m.child, [...(parents.get(m.child) ?? []), m]);
  const prefixesOf = (key: ts.Node, seen: Set<ts.Node>): string[] => {
    const ups = parents.get(key);
    if (!ups?.length || seen.has(key)) return [''];
    const next = new Set([...seen, key]);
    return ups.flatMap((m) => (m.prefix === null ? [] : prefixesOf(m.parent, next).map((p) => joinRoutePath(p, m.prefix!))));
  };
  const seen = new Set<string>();
  const routes: RouteFact[] = [];
  for (const d of decls) {
    for (const prefix of new Set(prefixesOf(d.owner, new Set()))) {
      const route = { method: d.method, path: joinRoutePath(prefix, d.path), file: d.file, line: d.line };
      const id = `${route.method} ${route.path} ${route.file}:${route.line}`;
      if (!seen.has(id)) routes.push(route);
      seen.add(id);
    }
  }
  return routes.sort((a, b) => (a.path === b.path ? a.method.localeCompare(b.method) : a.path < b.path ? -1 : 1));
}

function isRouteSpec(obj: ts.ObjectLiteralExpression): boolean {
  const names = new Set(obj.properties.map((p) => (p.name ? propertyNameText(p.name) : undefined)));
  return names.has('method') && names.has('path');
}

function hasHandler(obj: ts.ObjectLiteralExpression): boolean {
  return obj.properties.some((p) => p.name && HANDLER_KEYS.has(propertyNameText(p.name) ?? ''));
}

function isRouterFactoryCall(call: ts.CallExpression | ts.NewExpression): boolean {
  const callee = unwrap(call.expression);
  // require('express')() and require('express').Router()
  const req = ts.isCallExpression(callee) ? callee : ts.isPropertyAccessExpression(callee) && ts.isCallExpression(unwrap(callee.expression)) ? (unwrap(callee.expression) as ts.CallExpression) : undefined;
  if (req && ts.isIdentifier(req.expression) && req.expression.text === 'require' && req.arguments[0] && ts.isStringLiteralLike(req.arguments[0])) return /^(express|koa|koa-router|@koa\/router)$/.test(req.arguments[0].text);
  const name = calleeName(call.expression);
  return !!name && ROUTER_FACTORY.test(name);
}


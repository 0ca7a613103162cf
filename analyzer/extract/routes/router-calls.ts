// Routes declared by calling a router, app or server: express's `app.METHOD`, `router.route().METHOD`,
// `use('/prefix', router)` mounts across files (imports, re-exports, `export default`, CommonJS,
// factory functions), routers handed to a function that declares routes on its parameter; koa-router
// and Koa apps (prefixes, `.routes()`, koa-mount) through the same calls; fastify instances too.
import ts from '../typescript.cjs';
import { functionOf, unwrap, type FileIndex } from '../index-file.js';
import { koaMount, koaRegister, routerPrefixOption } from './koa.js';
import type { Mount, RouteCollector, RouteDecl, RouteStyle } from './route-collector.js';
import { factoryStyle, treeStyle } from './route-style.js';
import { HTTP_METHODS, type RouterKeys } from './router-keys.js';

interface UseCall {
  file: FileIndex;
  call: ts.CallExpression;
  owner: ts.Node;
}

/** What the visit found that is only read once every style has declared its routes. */
export interface RouterCallSites {
  firstDecl: number;
  firstMount: number;
  otherCalls: { file: FileIndex; call: ts.CallExpression }[];
  prefixCalls: { file: FileIndex; call: ts.CallExpression; owner: ts.Node }[];
}

interface Visit {
  c: RouteCollector;
  keys: RouterKeys;
  sites: RouterCallSites;
  useCalls: UseCall[];
}

/** Adds the routes of router calls in every file to `c`, and the mounts of their `use` calls. */
export function visitRouterCalls(c: RouteCollector, keys: RouterKeys): RouterCallSites {
  const v: Visit = { c, keys, sites: { firstDecl: c.decls.length, firstMount: c.mounts.length, otherCalls: [], prefixCalls: [] }, useCalls: [] };
  for (const file of c.symbols.files.values()) {
    const visit = (n: ts.Node) => {
      if (ts.isCallExpression(n)) visitCall(v, file, n);
      ts.forEachChild(n, visit);
    };
    visit(file.sf);
  }
  for (const use of v.useCalls) addMounts(c, keys, use);
  return v.sites;
}

function visitCall({ c, keys, sites, useCalls }: Visit, file: FileIndex, call: ts.CallExpression): void {
  const callee = unwrap(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) {
    if (call.arguments.length) sites.otherCalls.push({ file, call });
    return;
  }
  const method = callee.name.text;
  if (HTTP_METHODS.has(method) && call.arguments.length >= 2) {
    const target = routeTarget(keys, file, callee.expression);
    if (target) c.addRoute(file, target.owner, method, target.path ?? routePathArgument(c, file, call), call, 'express');
    return;
  }
  if (HTTP_METHODS.has(method) && call.arguments.length === 1 && routeTarget(keys, file, callee.expression)?.path) {
    const target = routeTarget(keys, file, callee.expression)!; // router.route('/x').get(handler)
    c.addRoute(file, target.owner, method, target.path!, call, 'express');
    return;
  }
  if (method === 'use' && call.arguments.length) {
    const owner = keys.routerOwner(file, callee.expression);
    if (owner) useCalls.push({ file, call, owner });
    return;
  }
  const alias = method === 'alias' && call.arguments.length === 3 ? c.symbols.evaluateString(file, call.arguments[0])?.toLowerCase() : undefined;
  const aliasOwner = alias && HTTP_METHODS.has(alias) && keys.routerOwner(file, callee.expression);
  if (alias && aliasOwner) {
    c.addRoute(file, aliasOwner, alias, call.arguments[1], call, 'express'); // `router.alias(GET, 'files', 'files/:id')`: a second path to a route
    return;
  }
  const registered = koaRegister(c.symbols, file, call);
  const owner = (registered || method === 'prefix') && keys.routerOwner(file, callee.expression);
  if (registered && owner) {
    if (!registered.methods) c.dynamic(file, call, 'koa-router register() methods that are not constants');
    for (const m of registered.methods ?? []) c.addRoute(file, owner, m, registered.path, call, 'express');
    return;
  }
  if (method === 'prefix' && owner && call.arguments.length === 1) {
    sites.prefixCalls.push({ file, call, owner });
    return;
  }
  if (call.arguments.length) sites.otherCalls.push({ file, call });
}

// `router.get(...)` → router; `router.route('/x').get().post()` → router and '/x'.
function routeTarget(keys: RouterKeys, file: FileIndex, receiver: ts.Expression): { owner: ts.Node; path?: ts.Expression } | undefined {
  const r = unwrap(receiver);
  if (ts.isCallExpression(r) && ts.isPropertyAccessExpression(unwrap(r.expression))) {
    const inner = unwrap(r.expression) as ts.PropertyAccessExpression;
    if (inner.name.text === 'route' && r.arguments[0] && !isRouteObject(r.arguments[0])) {
      const owner = keys.routerOwner(file, inner.expression);
      return owner ? { owner, path: r.arguments[0] } : undefined;
    }
    if (HTTP_METHODS.has(inner.name.text)) return routeTarget(keys, file, inner.expression);
    return undefined;
  }
  const owner = keys.routerOwner(file, r);
  return owner ? { owner } : undefined;
}

// fastify's and hapi's `route({ … })` take route objects, express's `route('/x')` a path.
function isRouteObject(arg: ts.Expression): boolean {
  const a = unwrap(arg);
  return ts.isObjectLiteralExpression(a) || ts.isArrayLiteralExpression(a);
}

// koa-router's named routes: `router.get('user', '/users/:id', handler)`.
function routePathArgument(c: RouteCollector, file: FileIndex, call: ts.CallExpression): ts.Expression {
  const [first, second] = call.arguments;
  if (call.arguments.length >= 3 && c.symbols.evaluateString(file, first) !== undefined && c.symbols.evaluateString(file, second)?.startsWith('/')) return second;
  return first;
}

/** Routers passed to functions, router prefixes and each route's style, over what was declared since the visit. */
export function finishRouterCalls(c: RouteCollector, keys: RouterKeys, { firstDecl, firstMount, otherCalls, prefixCalls }: RouterCallSites): void {
  mountParameterOwners(c, keys, otherCalls, c.decls.slice(firstDecl), c.mounts.slice(firstMount));
  applyRouterPrefixes(c, prefixCalls, firstDecl, firstMount);
  assignStyles(c, firstDecl);
}

// Mounts: app.use('/prefix', router, …), app.use(router), app.use(mount('/api', api)). A prefix built
// at run time mounts nothing we can name: its routers' routes under it are left out, with a DYNAMIC_ROUTE.
function addMounts(c: RouteCollector, keys: RouterKeys, { file, call, owner }: UseCall): void {
  const { symbols } = c;
  const mounted = call.arguments.length === 1 ? koaMount(file, call.arguments[0]) : undefined;
  const [first, ...rest] = mounted ? (mounted.prefix ? [mounted.prefix, mounted.app] : [mounted.app]) : call.arguments;
  const first0 = unwrap(first);
  const dynamicPrefix = ts.isTemplateExpression(first0) || (ts.isBinaryExpression(first0) && first0.operatorToken.kind === ts.SyntaxKind.PlusToken);
  // A first argument that is neither a constant path nor a router or middleware is a prefix built at run time.
  const notMounted = !dynamicPrefix && rest.length > 0 && symbols.evaluateStrings(file, first) === undefined && !isMiddlewareLike(c, keys, file, first0);
  const prefixes = symbols.evaluateStrings(file, first) ?? (dynamicPrefix || notMounted ? [null] : undefined);
  if (prefixes?.[0] === null) c.dynamic(file, call, `mount prefix \`${first.getText(file.sf).slice(0, 60)}\` is not a constant; routes under it are left out`);
  for (const arg of prefixes ? rest : [first, ...rest]) {
    const child = keys.keyOf(file, arg);
    if (child && child !== owner) for (const prefix of prefixes ?? ['']) c.mounts.push({ parent: owner, child, prefix });
  }
}

// A router, a function, or a call that makes one (`auth()`), as `use` takes them; not a path.
function isMiddlewareLike(c: RouteCollector, keys: RouterKeys, file: FileIndex, arg: ts.Expression): boolean {
  if (ts.isFunctionLike(arg) || ts.isCallExpression(arg) || ts.isArrayLiteralExpression(arg)) return true;
  const key = keys.keyOf(file, arg);
  if (key && keys.routers.has(key)) return true;
  const r = ts.isIdentifier(arg) || ts.isPropertyAccessExpression(arg) ? c.symbols.resolveReference(file, arg) : undefined;
  if (!r || 'module' in r) return true; // imported from a package: middleware, most likely
  if (functionOf(r.node) || ts.isClassLike(r.node) || ts.isParameter(r.node)) return true;
  const init = ts.isVariableDeclaration(r.node) && r.node.initializer ? unwrap(r.node.initializer) : undefined;
  return !!init && !ts.isStringLiteralLike(init) && !ts.isTemplateExpression(init) && !ts.isBinaryExpression(init) && !ts.isPropertyAccessExpression(init) && !ts.isIdentifier(init);
}

// Routers handed to a function that declares routes on its parameter: `registerOrders(app)`.
function mountParameterOwners(c: RouteCollector, keys: RouterKeys, calls: { file: FileIndex; call: ts.CallExpression }[], decls: RouteDecl[], mounts: Mount[]): void {
  const paramOwners = new Set([...decls.map((d) => d.owner), ...mounts.map((m) => m.parent)].filter((n) => ts.isParameter(n)));
  if (!paramOwners.size) return;
  for (const { file, call } of calls) {
    const r = c.symbols.resolveReference(file, call.expression);
    const fn = r && 'node' in r ? functionOf(r.node) : undefined;
    if (!fn) continue;
    fn.parameters.forEach((param, i) => {
      if (!paramOwners.has(param) || !call.arguments[i]) return;
      const parent = keys.keyOf(file, call.arguments[i]);
      if (parent) c.mounts.push({ parent, child: param, prefix: '' });
    });
  }
}

// koa-router's own prefix (`new Router({ prefix })`, `router.prefix('/x')`) comes before its routes and
// before what is mounted on it. One that is not a constant leaves its routes out, with a DYNAMIC_ROUTE.
function applyRouterPrefixes(c: RouteCollector, calls: { file: FileIndex; call: ts.CallExpression; owner: ts.Node }[], firstDecl: number, firstMount: number): void {
  const prefixOf = new Map<ts.Node, string | null>();
  const read = (file: FileIndex, owner: ts.Node, expr: ts.Expression, site: ts.Node) => {
    const value = c.symbols.evaluateString(file, expr);
    if (value === undefined) c.dynamic(file, site, `router prefix \`${expr.getText(file.sf).slice(0, 60)}\` is not a constant; its routes are left out`);
    prefixOf.set(owner, value ?? null);
  };
  const owners = new Set([...c.decls.slice(firstDecl).map((d) => d.owner), ...c.mounts.slice(firstMount).map((m) => m.parent)]);
  for (const owner of owners) {
    const option = routerPrefixOption(owner);
    const file = option && c.symbols.fileOf(owner);
    if (option && file) read(file, owner, option, owner);
  }
  for (const { file, call, owner } of calls) read(file, owner, call.arguments[0], call);
  if (!prefixOf.size) return;
  const kept = c.decls.filter((d, i) => i < firstDecl || prefixOf.get(d.owner) !== null);
  for (const d of kept.slice(firstDecl)) if (prefixOf.has(d.owner)) d.path = `${prefixOf.get(d.owner)}/${d.path}`;
  c.decls.splice(0, c.decls.length, ...kept);
  for (const m of c.mounts.slice(firstMount)) {
    if (!prefixOf.has(m.parent)) continue;
    const prefix = prefixOf.get(m.parent);
    m.prefix = prefix === null || m.prefix === null ? null : `${prefix}/${m.prefix}`;
  }
}

// A route's style is the framework its router comes from, or that of the router it is mounted under;
// a tree's own router class stands for the framework the tree imports.
function assignStyles(c: RouteCollector, firstDecl: number): void {
  const parents = new Map<ts.Node, ts.Node[]>();
  for (const m of c.mounts) parents.set(m.child, [...(parents.get(m.child) ?? []), m.parent]);
  const fallback = treeStyle(c.symbols.files.values());
  const styleOf = (key: ts.Node, seen: Set<ts.Node>): RouteStyle | undefined => {
    if (seen.has(key)) return undefined;
    seen.add(key);
    const file = c.symbols.fileOf(key);
    const own = file && (ts.isCallExpression(key) || ts.isNewExpression(key)) ? factoryStyle(file, key) : undefined;
    if (own) return own;
    for (const p of parents.get(key) ?? []) {
      const up = styleOf(p, seen);
      if (up) return up;
    }
    return undefined;
  };
  // router calls and wrappers declare 'express' until their owner says otherwise
  const known = new Map<ts.Node, RouteStyle>();
  for (const d of c.decls.slice(firstDecl)) {
    if (d.style !== 'express') continue;
    if (!known.has(d.owner)) known.set(d.owner, styleOf(d.owner, new Set()) ?? fallback);
    d.style = known.get(d.owner)!;
  }
}

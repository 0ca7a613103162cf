// Controller wrappers that pass `{ method, path, handler }` objects: `register(router, [{ … }])`,
// `export default controller([{ … }])`, or `const routes = [{ … }]` handed to a call elsewhere.
import ts from '../typescript.cjs';
import { propertyNameText, unwrap, type FileIndex } from '../index-file.js';
import type { Symbols } from '../symbols.js';
import type { RouteCollector } from './route-collector.js';
import { HTTP_METHODS, type RouterKeys } from './router-keys.js';

const HANDLER_KEYS = new Set(['handler', 'handlers', 'action', 'controller', 'fn', 'middleware', 'callback', 'run']);

export interface RouteSpecs {
  consumers: Map<ts.Node, { file: FileIndex; specs: ts.ObjectLiteralExpression[] }>;
}

/** Pass 1: route objects and the calls that take them; router factories as known routers. */
export function findRouteSpecs(symbols: Symbols, keys: RouterKeys): RouteSpecs {
  const consumers = new Map<ts.Node, { file: FileIndex; specs: ts.ObjectLiteralExpression[] }>();
  for (const file of symbols.files.values()) {
    const visit = (n: ts.Node) => {
      if (ts.isObjectLiteralExpression(n) && isRouteSpec(n)) {
        const consumer = specConsumer(symbols, n);
        if (consumer && !isRouteCall(consumer)) {
          const entry = consumers.get(consumer) ?? { file, specs: [] };
          entry.specs.push(n);
          consumers.set(consumer, entry);
          keys.specConsumers.add(consumer);
        }
      } else if ((ts.isCallExpression(n) || ts.isNewExpression(n)) && keys.isFactoryCall(file, n)) keys.routers.add(n);
      ts.forEachChild(n, visit);
    };
    visit(file.sf);
  }
  return { consumers };
}

/** Pass 3, once routers are known: each wrapper's routes on the router it is given or makes. */
export function collectRouteSpecs(c: RouteCollector, keys: RouterKeys, { consumers }: RouteSpecs): void {
  for (const [consumer, { file, specs }] of consumers) {
    const call = consumer as ts.CallExpression;
    const callFile = c.symbols.fileOf(call) ?? file; // `register(api, routes)` may sit in an importer
    const routerArg = call.arguments.map((a) => keys.keyOf(callFile, a)).find((k) => k && keys.routers.has(k));
    const owner = routerArg ?? consumer;
    keys.routers.add(owner);
    for (const spec of specs) {
      const method = specValue(c.symbols, file, spec, 'method');
      const pathExpr = specProperty(spec, 'path');
      if (!method || !pathExpr || !HTTP_METHODS.has(method.toLowerCase())) {
        // `{ method: req.method, path: req.path }` in a log line is no route; one with a handler is.
        if (hasHandler(spec)) c.dynamic(file, spec, 'route object with a method or path that is not a constant');
        continue;
      }
      c.addRoute(file, owner, method.toLowerCase(), pathExpr, spec, 'express');
    }
  }
}

/** The value expression of `key` in an object literal (`key: x` or shorthand `key`). */
export function specProperty(spec: ts.ObjectLiteralExpression, key: string): ts.Expression | undefined {
  const prop = spec.properties.find((p) => p.name && propertyNameText(p.name) === key);
  return prop && (ts.isPropertyAssignment(prop) ? prop.initializer : ts.isShorthandPropertyAssignment(prop) ? prop.name : undefined);
}

export function hasHandler(obj: ts.ObjectLiteralExpression): boolean {
  return obj.properties.some((p) => p.name && HANDLER_KEYS.has(propertyNameText(p.name) ?? ''));
}

function specValue(symbols: Symbols, file: FileIndex, spec: ts.ObjectLiteralExpression, key: string): string | undefined {
  const prop = spec.properties.find((p) => p.name && propertyNameText(p.name) === key);
  return prop ? symbols.evaluateString(file, prop) : undefined;
}

function isRouteSpec(obj: ts.ObjectLiteralExpression): boolean {
  const names = new Set(obj.properties.map((p) => (p.name ? propertyNameText(p.name) : undefined)));
  return names.has('method') && names.has('path');
}

// `server.route({ … })` (hapi, fastify) is read by those styles, not as a wrapper.
function isRouteCall(consumer: ts.Node): boolean {
  const callee = ts.isCallExpression(consumer) ? unwrap(consumer.expression) : undefined;
  return !!callee && ts.isPropertyAccessExpression(callee) && callee.name.text === 'route';
}

function specConsumer(symbols: Symbols, spec: ts.ObjectLiteralExpression): ts.Node | undefined {
  let n: ts.Node = spec;
  while (n.parent && (ts.isArrayLiteralExpression(n.parent) || ts.isParenthesizedExpression(n.parent) || ts.isAsExpression(n.parent) || ts.isSatisfiesExpression(n.parent))) n = n.parent;
  if (n.parent && ts.isCallExpression(n.parent) && n.parent.arguments.includes(n as ts.Expression)) return n.parent;
  // const routes = [...]; then routes passed to a call somewhere (this file or an importer)
  if (n.parent && ts.isVariableDeclaration(n.parent)) return findCallTaking(symbols, n.parent);
  return undefined;
}

function findCallTaking(symbols: Symbols, decl: ts.VariableDeclaration): ts.Node | undefined {
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

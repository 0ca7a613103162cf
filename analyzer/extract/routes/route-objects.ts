// `x.route({ … })` and `x.route([{ … }, …])` with route objects: fastify's `{ method, url }` and
// hapi's `{ method, path }`, given inline, by a variable, or imported.
import ts from '../typescript.cjs';
import { unwrap, type FileIndex } from '../index-file.js';
import { hapiToExpress } from './hapi.js';
import type { RouteCollector, RouteStyle } from './route-collector.js';
import { specProperty } from './route-specs.js';
import type { RouterKeys } from './router-keys.js';

interface RouteObjectShape {
  pathKey: string;
  style: RouteStyle;
  what: string; // for the diagnostic
  method: (m: string) => string;
  toExpress?: (path: string) => string;
}

// fastify: `{ method: 'GET' | ['GET', 'HEAD'], url }`; hapi: `{ method, path }`, `*` meaning every method.
const SHAPES: RouteObjectShape[] = [
  { pathKey: 'url', style: 'fastify', what: 'fastify route()', method: (m) => m },
  { pathKey: 'path', style: 'hapi', what: 'hapi route', method: (m) => (m === '*' ? 'all' : m), toExpress: hapiToExpress },
];

export function collectRouteObjects(c: RouteCollector, keys: RouterKeys): void {
  for (const file of c.symbols.files.values()) {
    if (!/\.route\(\s*[[{\w$]/.test(file.sf.text)) continue; // express's route('/x') takes a string
    const visit = (n: ts.Node) => {
      if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 'route' && n.arguments.length === 1) {
        for (const { spec, file: specFile } of routeObjects(c, file, n.arguments[0])) {
          for (const shape of SHAPES) if (collectRouteObject(c, keys, specFile, n, spec, file, shape)) break;
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(file.sf);
  }
}

/** One route per method of `spec` on the router that `call` is made on; false when `spec` is not of `shape`. */
function collectRouteObject(c: RouteCollector, keys: RouterKeys, file: FileIndex, call: ts.CallExpression, spec: ts.ObjectLiteralExpression, callFile: FileIndex, shape: RouteObjectShape): boolean {
  const path = specProperty(spec, shape.pathKey);
  if (!path) return false;
  const owner = keys.routerOwner(callFile, (call.expression as ts.PropertyAccessExpression).expression);
  if (!owner) return false;
  const methodExpr = specProperty(spec, 'method');
  const methods = methodExpr && c.symbols.evaluateStrings(file, methodExpr);
  if (!methods) c.dynamic(file, spec, `${shape.what} with a method that is not a constant`);
  for (const m of methods ?? []) c.addRoute(file, owner, shape.method(m), path, spec, shape.style, shape.toExpress);
  return true;
}

function routeObjects(c: RouteCollector, file: FileIndex, arg: ts.Expression): { spec: ts.ObjectLiteralExpression; file: FileIndex }[] {
  let e = unwrap(arg);
  let at = file;
  if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e)) {
    const r = c.symbols.resolveReference(file, e);
    const node = r && 'node' in r ? r.node : undefined;
    const init = node && ts.isVariableDeclaration(node) ? node.initializer : node && ts.isExpression(node) ? node : undefined;
    if (!init || !r || !('node' in r)) return [];
    e = unwrap(init);
    at = r.file;
  }
  const items = ts.isArrayLiteralExpression(e) ? e.elements.map(unwrap) : [e];
  return items.filter(ts.isObjectLiteralExpression).map((spec) => ({ spec, file: at }));
}

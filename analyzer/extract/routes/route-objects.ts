// `x.route({ … })` and `x.route([{ … }, …])` with route objects: fastify's `{ method, url }` and
// hapi's `{ method, path }`, given inline, by a variable, or imported.
import { ts } from 'ts-morph';
import { unwrap, type FileIndex } from '../index-file.js';
import { collectFastifyRouteObjects } from './fastify.js';
import { collectHapiRouteObject } from './hapi.js';
import type { RouteCollector } from './route-collector.js';
import type { RouterKeys } from './router-keys.js';

export function collectRouteObjects(c: RouteCollector, keys: RouterKeys): void {
  for (const file of c.symbols.files.values()) {
    if (!/\.route\(\s*[[{\w$]/.test(file.sf.text)) continue; // express's route('/x') takes a string
    const visit = (n: ts.Node) => {
      if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 'route' && n.arguments.length === 1) {
        for (const { spec, file: specFile } of routeObjects(c, file, n.arguments[0])) {
          if (!collectFastifyRouteObjects(c, keys, specFile, n, spec, file)) collectHapiRouteObject(c, keys, specFile, n, spec, file);
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(file.sf);
  }
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

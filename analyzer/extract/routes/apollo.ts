// Apollo Server's express integration: `server.applyMiddleware({ app, path })` serves GraphQL on GET
// and POST at `path` (default /graphql), under whatever the app is mounted at.
import ts from '../typescript.cjs';
import type { RouteCollector } from './route-collector.js';
import { specProperty } from './route-specs.js';
import type { RouterKeys } from './router-keys.js';

export function collectApolloEndpoints(c: RouteCollector, keys: RouterKeys): void {
  for (const file of c.symbols.files.values()) {
    if (!file.sf.text.includes('applyMiddleware(')) continue;
    const visit = (n: ts.Node) => {
      const options = ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 'applyMiddleware' ? n.arguments[0] : undefined;
      const app = options && ts.isObjectLiteralExpression(options) ? specProperty(options, 'app') : undefined;
      if (options && app && ts.isObjectLiteralExpression(options)) {
        const owner = keys.keyOf(file, app) ?? n;
        const path = specProperty(options, 'path');
        for (const method of ['GET', 'POST']) {
          if (path) c.addRoute(file, owner, method, path, n, 'apollo');
          else c.addPath(file, owner, method, '/graphql', n, 'apollo');
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(file.sf);
  }
}

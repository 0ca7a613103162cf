// HTTP routes with the full path a client calls, in express syntax, from every route style a file
// uses: router calls (express, koa-router, Koa apps, fastify instances), route objects handed to
// wrappers, fastify plugins and `route({ url })`, hapi `server.route`, NestJS decorators, Apollo's
// `applyMiddleware`. Each style adds declarations and mounts to one collector; full paths are
// resolved once, over all of them.
import type { Diagnostic, RouteFact } from '../types.js';
import { collectApolloEndpoints } from './routes/apollo.js';
import { readFastifyRegistration } from './routes/fastify.js';
import { readHapiRegistrations } from './routes/hapi.js';
import { collectNestRoutes } from './routes/nest.js';
import { mountPlugins } from './routes/plugins.js';
import { collectRouteObjects } from './routes/route-objects.js';
import { createRouteCollector, resolveFullPaths } from './routes/route-collector.js';
import { collectRouteSpecs, findRouteSpecs } from './routes/route-specs.js';
import { finishRouterCalls, visitRouterCalls } from './routes/router-calls.js';
import { createRouterKeys } from './routes/router-keys.js';
import type { Symbols } from './symbols.js';

/** Extracts every route with its full client path from all indexed files, and the styles they were written in. */
export function extractRoutes(symbols: Symbols): { routes: RouteFact[]; styles: string[]; diagnostics: Diagnostic[] } {
  const c = createRouteCollector(symbols);
  const keys = createRouterKeys(symbols);
  const specs = findRouteSpecs(symbols, keys);
  mountPlugins(c, keys, (file, call) => [...readFastifyRegistration(c, file, call), ...readHapiRegistrations(c, file, call)]);
  const sites = visitRouterCalls(c, keys);
  collectRouteObjects(c, keys);
  collectRouteSpecs(c, keys, specs);
  collectApolloEndpoints(c, keys);
  finishRouterCalls(c, keys, sites);
  collectNestRoutes(c);
  const resolved = resolveFullPaths(c.decls, c.mounts);
  const styles = [...new Set(resolved.map((r) => r.style))].sort();
  return { routes: resolved.map(({ style: _style, ...route }) => route), styles, diagnostics: c.diagnostics };
}

// fastify: plugins registered with `register(plugin, { prefix })`, nested across files (a plugin
// wrapped in fastify-plugin shares its parent's context, so the prefix does not apply), and
// `route({ method, url })` (route-objects.ts). `fastify.get('/x', opts, handler)` is read with the other router calls.
import ts from '../typescript.cjs';
import { functionOf, unwrap, type FileIndex } from '../index-file.js';
import { readPrefix, resolveFunction, type PluginTarget } from './plugins.js';
import type { RouteCollector } from './route-collector.js';
import { importedFrom } from './route-style.js';

/** `app.register(plugin, { prefix })`: the plugin's function and the prefix its instance gets. */
export function readFastifyRegistration(c: RouteCollector, file: FileIndex, call: ts.CallExpression): { target: PluginTarget; prefix: string | null }[] {
  const plugin = fastifyPlugin(c, file, call.arguments[0]);
  if (!plugin) return [];
  return [{ target: plugin.target, prefix: plugin.shared ? '' : readPrefix(c, file, call.arguments[1], call) }];
}

// `async (fastify) => {}`, a function by reference or import, `fp(fn)` (shared: no prefix of its own).
function fastifyPlugin(c: RouteCollector, file: FileIndex, expr: ts.Expression | undefined, shared = false): { target: PluginTarget; shared: boolean } | undefined {
  const found = expr && resolveFunction(c, file, expr);
  if (!found) return undefined;
  const node = ts.isExportAssignment(found.node) ? found.node.expression : ts.isVariableDeclaration(found.node) && found.node.initializer ? unwrap(found.node.initializer) : found.node;
  if (ts.isCallExpression(node) && /^(fastify-plugin)$/.test(importedFrom(found.file, node.expression) ?? '')) return fastifyPlugin(c, found.file, node.arguments[0], true);
  const fn = functionOf(node);
  return fn && fn.parameters.length ? { target: { fn, file: found.file }, shared } : undefined;
}


// hapi: `server.route({ method, path })` and `server.route([...])`, plugins registered with
// `server.register({ plugin, routes: { prefix } })` (or `register(plugin, { routes: { prefix } })`);
// hapi's `{id}`, `{id?}` and `{path*}` become express's `:id`, `:id?` and `*`.
import ts from '../typescript.cjs';
import { functionOf, unwrap, type FileIndex } from '../index-file.js';
import { readPrefix, resolveFunction, type PluginTarget } from './plugins.js';
import type { RouteCollector } from './route-collector.js';
import { specProperty } from './route-specs.js';

/** hapi path → express path. */
export function hapiToExpress(path: string): string {
  return path.replace(/\{(\w+)\*\d*\}/g, '*').replace(/\{(\w+)(\?)?\}/g, (_, name: string, optional?: string) => `:${name}${optional ?? ''}`);
}

/** `server.register({ plugin, routes: { prefix } })`, a list of them, or `register(plugin, { routes: { prefix } })`. */
export function readHapiRegistrations(c: RouteCollector, file: FileIndex, call: ts.CallExpression): { target: PluginTarget; prefix: string | null }[] {
  const [first, second] = call.arguments;
  const list = unwrap(first);
  const items = ts.isArrayLiteralExpression(list) ? [...list.elements] : [first];
  return items.flatMap((item) => {
    const i = unwrap(item);
    const wrapper = ts.isObjectLiteralExpression(i) && specProperty(i, 'plugin') ? i : undefined;
    const target = hapiPlugin(c, file, wrapper ? specProperty(wrapper, 'plugin')! : item);
    if (!target) return [];
    const prefix = wrapper && specProperty(wrapper, 'routes') ? readPrefix(c, file, wrapper, call, 'routes') : readPrefix(c, file, second, call, 'routes');
    return [{ target, prefix }];
  });
}

// `{ name, register: async (server, options) => {} }`, by reference, import, or a module's `plugin` export.
function hapiPlugin(c: RouteCollector, file: FileIndex, expr: ts.Expression): PluginTarget | undefined {
  const ref = ts.isIdentifier(unwrap(expr)) || ts.isPropertyAccessExpression(unwrap(expr)) ? c.symbols.resolveReference(file, expr) : undefined;
  if (ref && 'module' in ref) {
    // `require('./orders')` of a module that sets `exports.plugin = { … }`
    const r = c.symbols.resolveImport({ specifier: ref.file.rel, name: 'plugin', target: ref.file.abs });
    return r && 'node' in r ? pluginObject(c, r.file, r.node) : undefined;
  }
  const found = resolveFunction(c, file, expr);
  return found ? pluginObject(c, found.file, found.node) : undefined;
}

function pluginObject(c: RouteCollector, file: FileIndex, node: ts.Node): PluginTarget | undefined {
  const value = c.symbols.evaluate(file, node);
  const obj = value && typeof value === 'object' && value.kind === 'object' && ts.isObjectLiteralExpression(value.node) ? { node: value.node, file: value.file } : undefined;
  if (!obj) return undefined;
  const register = obj.node.properties.find((p) => p.name && ts.isIdentifier(p.name) && p.name.text === 'register');
  const fn = register && (ts.isMethodDeclaration(register) ? register : ts.isPropertyAssignment(register) ? functionOf(unwrap(register.initializer)) ?? resolveFunctionOf(c, obj.file, register.initializer) : undefined);
  return fn && fn.parameters.length ? { fn, file: obj.file } : undefined;
}

function resolveFunctionOf(c: RouteCollector, file: FileIndex, expr: ts.Expression): ts.FunctionLikeDeclaration | undefined {
  const r = c.symbols.resolveReference(file, expr);
  return r && 'node' in r ? functionOf(r.node) : undefined;
}


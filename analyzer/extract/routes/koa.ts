// Koa's ways of putting routes under a prefix: koa-router's `new Router({ prefix })` and
// `router.prefix('/x')`, `router.use('/x', other.routes())`, `router.register(path, methods, mw)`,
// and apps mounted with koa-mount (`app.use(mount('/api', api))`).
import ts from '../typescript.cjs';
import { propertyNameText, unwrap, type FileIndex } from '../index-file.js';
import type { Symbols } from '../symbols.js';
import { importedFrom } from './route-style.js';

/** `router.routes()` / `router.middleware()` dispatch to the router itself: its receiver. */
export function routerBehind(call: ts.CallExpression): ts.Expression | undefined {
  const callee = unwrap(call.expression);
  if (call.arguments.length || !ts.isPropertyAccessExpression(callee)) return undefined;
  return callee.name.text === 'routes' || callee.name.text === 'middleware' ? callee.expression : undefined;
}

/** `mount('/api', api)` or `mount(api)` with `mount` from koa-mount: the prefix (when given) and the app. */
export function koaMount(file: FileIndex, expr: ts.Expression): { prefix?: ts.Expression; app: ts.Expression } | undefined {
  const e = unwrap(expr);
  if (!ts.isCallExpression(e) || importedFrom(file, e.expression) !== 'koa-mount') return undefined;
  const [first, second] = e.arguments;
  if (!first) return undefined;
  return second ? { prefix: first, app: second } : { app: first };
}

/** The `prefix` option of `new Router({ prefix: '/x' })`: its expression, or undefined when none is given. */
export function routerPrefixOption(made: ts.Node): ts.Expression | undefined {
  if (!ts.isNewExpression(made) && !ts.isCallExpression(made)) return undefined;
  const options = made.arguments?.[0] && unwrap(made.arguments[0]);
  if (!options || !ts.isObjectLiteralExpression(options)) return undefined;
  const prop = options.properties.find((p) => p.name && propertyNameText(p.name) === 'prefix');
  return prop && ts.isPropertyAssignment(prop) ? prop.initializer : prop && ts.isShorthandPropertyAssignment(prop) ? prop.name : undefined;
}

/** `router.register('/x', ['get', 'post'], mw)`: the path and the methods, when they are constants. */
export function koaRegister(symbols: Symbols, file: FileIndex, call: ts.CallExpression): { path: ts.Expression; methods: string[] | undefined } | undefined {
  const callee = unwrap(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'register' || call.arguments.length < 3 || !ts.isArrayLiteralExpression(unwrap(call.arguments[1]))) return undefined;
  const methods = symbols.evaluateStrings(file, call.arguments[1]);
  return { path: call.arguments[0], methods: methods?.map((m) => m.toLowerCase()) };
}

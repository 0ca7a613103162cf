// Plugins registered on a fastify instance or a hapi server: the instance the plugin's function
// receives is mounted under the one it is registered on, with the prefix the registration gives.
import ts from '../typescript.cjs';
import { unwrap, type FileIndex } from '../index-file.js';
import type { RouteCollector } from './route-collector.js';
import { specProperty } from './route-specs.js';
import { importedFrom } from './route-style.js';
import type { RouterKeys } from './router-keys.js';

export interface PluginTarget {
  fn: ts.FunctionLikeDeclaration;
  file: FileIndex;
}

/** A value that is, or leads to, a function: a reference, an import, `require('./x')`. */
export function resolveFunction(c: RouteCollector, file: FileIndex, expr: ts.Expression): { node: ts.Node; file: FileIndex } | undefined {
  const e = unwrap(expr);
  if (ts.isFunctionExpression(e) || ts.isArrowFunction(e) || ts.isCallExpression(e) || ts.isObjectLiteralExpression(e)) return { node: e, file };
  const r = c.symbols.resolveReference(file, e);
  return r && 'node' in r ? { node: r.node, file: r.file } : undefined;
}

/** Adds `{ child param → parent }` mounts for `register(…)` calls until no new instance turns up (plugins register plugins). */
export function mountPlugins(c: RouteCollector, keys: RouterKeys, read: (file: FileIndex, call: ts.CallExpression) => { target: PluginTarget; prefix: string | null }[]): void {
  const method = 'register';
  const calls: { file: FileIndex; call: ts.CallExpression }[] = [];
  for (const file of c.symbols.files.values()) {
    if (!file.sf.text.includes(`.${method}(`)) continue;
    const visit = (n: ts.Node) => {
      if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === method && n.arguments.length) calls.push({ file, call: n });
      ts.forEachChild(n, visit);
    };
    visit(file.sf);
  }
  const done = new Set<ts.CallExpression>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const { file, call } of calls) {
      if (done.has(call)) continue;
      const parent = keys.routerOwner(file, (call.expression as ts.PropertyAccessExpression).expression);
      if (!parent) continue;
      done.add(call);
      const found = read(file, call);
      if (!found.length) unfollowed(c, file, call);
      for (const { target, prefix } of found) {
        const param = target.fn.parameters[0];
        if (!param) continue;
        keys.routers.add(param);
        c.mounts.push({ parent, child: param, prefix });
        changed = true;
      }
    }
  }
}

// A plugin that may declare routes but cannot be followed is said, not skipped: a local module we
// cannot resolve (`import('./routes')`) or a folder loader. Packages' own plugins (cors, helmet) declare none.
function unfollowed(c: RouteCollector, file: FileIndex, call: ts.CallExpression): void {
  const [plugin] = call.arguments;
  const p = unwrap(plugin);
  if (call.arguments.length > 2 || ts.isStringLiteralLike(p) || ts.isArrayLiteralExpression(p) || ts.isObjectLiteralExpression(p)) return; // koa-router's register, hapi's option objects
  const pkg = importedFrom(file, p);
  if (pkg && !/autoload/.test(pkg)) return;
  const local = ts.isIdentifier(p) && !pkg && c.symbols.resolveReference(file, p);
  if (local) return; // something of ours that is not a plugin function
  c.dynamic(file, call, pkg ? `plugins loaded from a folder by ${pkg} are not read; their routes are left out` : `plugin \`${plugin.getText(file.sf).slice(0, 60)}\` cannot be followed; its routes are left out`);
}

/** `{ prefix: '/x' }` (or `{ routes: { prefix } }` for hapi): '' when absent, null (with a diagnostic) when not a constant. */
export function readPrefix(c: RouteCollector, file: FileIndex, options: ts.Expression | undefined, site: ts.Node, nested?: string): string | null {
  let o = options && unwrap(options);
  if (o && nested) {
    const inner = ts.isObjectLiteralExpression(o) ? specProperty(o, nested) : undefined;
    o = inner && unwrap(inner);
  }
  if (!o) return '';
  if (!ts.isObjectLiteralExpression(o)) {
    const value = c.symbols.evaluate(file, o);
    if (value && typeof value === 'object' && value.kind === 'object' && ts.isObjectLiteralExpression(value.node)) return readPrefix(c, value.file, value.node, site);
    c.dynamic(file, site, `plugin options \`${o.getText(file.sf).slice(0, 60)}\` are not a constant; routes under them are left out`);
    return null;
  }
  const prefix = specProperty(o, 'prefix');
  if (!prefix) return '';
  const value = c.symbols.evaluateString(file, prefix);
  if (value === undefined) c.dynamic(file, site, `plugin prefix \`${prefix.getText(file.sf).slice(0, 60)}\` is not a constant; routes under it are left out`);
  return value ?? null;
}

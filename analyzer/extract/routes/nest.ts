// NestJS: `@Controller(path | { path, version })` classes with `@Get/@Post/…(path)` methods; the
// client path is global prefix (`app.setGlobalPrefix`, less its `exclude`) + URI version
// (`app.enableVersioning`, `@Version`, the controller's `version`, `defaultVersion`) + the
// `RouterModule.register` path of the module declaring the controller + controller path + method path.
import ts from '../typescript.cjs';
import { unwrap, type FileIndex } from '../index-file.js';
import { joinRoutePath } from '../join-route-path.js';
import type { RouteCollector } from './route-collector.js';
import { specProperty } from './route-specs.js';

const METHOD_DECORATORS = new Map([
  ['Get', 'GET'], ['Post', 'POST'], ['Put', 'PUT'], ['Delete', 'DELETE'], ['Patch', 'PATCH'], ['Options', 'OPTIONS'], ['Head', 'HEAD'], ['All', 'ALL'], ['Search', 'SEARCH'],
]);
const NEUTRAL = Symbol('version neutral');
type Version = string | typeof NEUTRAL;
type Strings = string[] | null; // null: not a constant (already a diagnostic)

interface AppSettings {
  prefix: Strings; // [''] when none is set
  exclude: string[]; // paths (without the prefix) it does not apply to
  versioning?: { prefix: string; defaults: Version[] }; // URI versioning only
}

/** Adds the routes of every NestJS controller to `c`; none when the tree has no `@Controller`. */
export function collectNestRoutes(c: RouteCollector): void {
  const controllers: { file: FileIndex; cls: ts.ClassDeclaration; args: readonly ts.Expression[] }[] = [];
  const modules: { file: FileIndex; cls: ts.ClassDeclaration; options: ts.ObjectLiteralExpression }[] = [];
  const calls: { file: FileIndex; call: ts.CallExpression; name: string }[] = [];
  for (const file of c.symbols.files.values()) {
    const visit = (n: ts.Node) => {
      if (ts.isClassDeclaration(n)) {
        const controller = decorator(n, 'Controller');
        if (controller) controllers.push({ file, cls: n, args: controller.arguments });
        const options = decorator(n, 'Module')?.arguments[0];
        if (options && ts.isObjectLiteralExpression(unwrap(options))) modules.push({ file, cls: n, options: unwrap(options) as ts.ObjectLiteralExpression });
      } else if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && /^(setGlobalPrefix|enableVersioning|register)$/.test(n.expression.name.text)) {
        calls.push({ file, call: n, name: n.expression.name.text });
      }
      ts.forEachChild(n, visit);
    };
    if (file.sf.text.includes('@nestjs/')) visit(file.sf);
  }
  if (!controllers.length) return;
  const app = readAppSettings(c, calls);
  const modulePaths = readRouterModulePaths(c, calls, modules);
  for (const { file, cls, args } of controllers) {
    const options = args[0] && unwrap(args[0]);
    const isObject = !!options && ts.isObjectLiteralExpression(options);
    const ctrlPaths = options ? strings(c, file, isObject ? specProperty(options as ts.ObjectLiteralExpression, 'path') : options, cls, 'controller path') : [''];
    const ctrlVersion = isObject ? versions(c, file, specProperty(options as ts.ObjectLiteralExpression, 'version'), cls) : undefined;
    for (const member of cls.members) {
      if (!ts.isMethodDeclaration(member)) continue;
      for (const d of ts.canHaveDecorators(member) ? ts.getDecorators(member) ?? [] : []) {
        const call = ts.isCallExpression(d.expression) ? d.expression : undefined;
        const method = call && ts.isIdentifier(call.expression) ? METHOD_DECORATORS.get(call.expression.text) : undefined;
        if (!call || !method) continue;
        const methodPaths = call.arguments[0] ? strings(c, file, call.arguments[0], call, 'route path') : [''];
        const methodVersion = versions(c, file, decorator(member, 'Version')?.arguments[0], member);
        const version = methodVersion ?? ctrlVersion ?? app.versioning?.defaults ?? [];
        if (!ctrlPaths || !methodPaths || !app.prefix || version === null) continue;
        const versionSegments = app.versioning && version.length ? version.map((v) => (v === NEUTRAL ? '' : `${app.versioning!.prefix}${v}`)) : [''];
        for (const modulePath of modulePaths.get(cls) ?? ['']) {
          for (const ctrlPath of ctrlPaths) {
            for (const methodPath of methodPaths) {
              const local = joinRoutePath(modulePath, ctrlPath, methodPath);
              const prefixes = app.exclude.includes(local) ? [''] : app.prefix;
              for (const prefix of prefixes) {
                for (const v of versionSegments) {
                  const path = joinRoutePath(prefix, v, local);
                  c.addPath(file, cls, method, path, call, 'nestjs');
                }
              }
            }
          }
        }
      }
    }
  }
}

function decorator(node: ts.Node, name: string): ts.CallExpression | undefined {
  for (const d of ts.canHaveDecorators(node) ? ts.getDecorators(node) ?? [] : []) {
    const e = d.expression;
    if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === name) return e;
  }
  return undefined;
}

function strings(c: RouteCollector, file: FileIndex, expr: ts.Expression | undefined, site: ts.Node, what: string): Strings {
  if (!expr) return [''];
  const values = c.symbols.evaluateStrings(file, expr);
  if (!values) c.dynamic(file, site, `${what} \`${expr.getText(file.sf).slice(0, 60)}\` is not a constant; its routes are left out`);
  return values ?? null;
}

// '1', ['1', '2'], VERSION_NEUTRAL; undefined when not given, null when not a constant.
function versions(c: RouteCollector, file: FileIndex, expr: ts.Expression | undefined, site: ts.Node): Version[] | null | undefined {
  if (!expr) return undefined;
  const e = unwrap(expr);
  const items = ts.isArrayLiteralExpression(e) ? [...e.elements] : [e];
  const out: Version[] = [];
  for (const item of items) {
    if (ts.isIdentifier(item) && item.text === 'VERSION_NEUTRAL') out.push(NEUTRAL);
    else {
      const v = c.symbols.evaluateString(file, item);
      if (v === undefined) {
        c.dynamic(file, site, `version \`${item.getText(file.sf).slice(0, 60)}\` is not a constant; its routes are left out`);
        return null;
      }
      out.push(v);
    }
  }
  return out;
}

// `app.setGlobalPrefix('api', { exclude })` and `app.enableVersioning({ type: VersioningType.URI, … })`.
function readAppSettings(c: RouteCollector, calls: { file: FileIndex; call: ts.CallExpression; name: string }[]): AppSettings {
  const app: AppSettings = { prefix: [''], exclude: [] };
  for (const { file, call, name } of calls) {
    if (name === 'setGlobalPrefix' && call.arguments[0]) {
      const prefix = c.symbols.evaluateString(file, call.arguments[0]);
      if (prefix === undefined) c.dynamic(file, call, `global prefix \`${call.arguments[0].getText(file.sf).slice(0, 60)}\` is not a constant; NestJS routes are left out`);
      app.prefix = prefix === undefined ? null : [prefix];
      const options = call.arguments[1] && unwrap(call.arguments[1]);
      const exclude = options && ts.isObjectLiteralExpression(options) ? specProperty(options, 'exclude') : undefined;
      const list = exclude && unwrap(exclude);
      for (const item of list && ts.isArrayLiteralExpression(list) ? list.elements : []) {
        const i = unwrap(item);
        const pathExpr = ts.isObjectLiteralExpression(i) ? specProperty(i, 'path') : i;
        const path = pathExpr && c.symbols.evaluateString(file, pathExpr);
        if (path === undefined) c.dynamic(file, item, 'global prefix exclude entry that is not a constant');
        else app.exclude.push(joinRoutePath(path));
      }
    } else if (name === 'enableVersioning') {
      const options = call.arguments[0] && unwrap(call.arguments[0]);
      const o = options && ts.isObjectLiteralExpression(options) ? options : undefined;
      const type = o && specProperty(o, 'type');
      if (type && !/\bURI$/.test(type.getText(file.sf))) continue; // header, media type, custom: the path does not change
      const prefixExpr = o && specProperty(o, 'prefix');
      const prefix = prefixExpr ? c.symbols.evaluateString(file, prefixExpr) : 'v';
      const defaults = versions(c, file, o && specProperty(o, 'defaultVersion'), call);
      if (prefix === undefined) c.dynamic(file, call, 'versioning prefix that is not a constant');
      app.versioning = { prefix: prefix ?? 'v', defaults: defaults ?? [] };
    }
  }
  return app;
}

// `RouterModule.register([{ path: 'admin', module: AdminModule, children: [...] }])`: controller → paths.
function readRouterModulePaths(c: RouteCollector, calls: { file: FileIndex; call: ts.CallExpression; name: string }[], modules: { file: FileIndex; cls: ts.ClassDeclaration; options: ts.ObjectLiteralExpression }[]): Map<ts.Node, string[]> {
  const pathsOfModule = new Map<ts.Node, string[]>();
  const walk = (file: FileIndex, list: ts.Expression, base: string) => {
    const l = unwrap(list);
    for (const item of ts.isArrayLiteralExpression(l) ? l.elements : []) {
      const i = unwrap(item);
      const entry = ts.isObjectLiteralExpression(i) ? i : undefined;
      const pathExpr = entry && specProperty(entry, 'path');
      const path = pathExpr ? c.symbols.evaluateString(file, pathExpr) : '';
      if (path === undefined) {
        c.dynamic(file, item, 'RouterModule path that is not a constant; routes under it keep no module prefix');
        continue;
      }
      const full = joinRoutePath(base, path);
      const moduleExpr = entry ? specProperty(entry, 'module') : i; // children may list modules directly
      const cls = moduleExpr && classOf(c, file, moduleExpr);
      if (cls) pathsOfModule.set(cls, [...(pathsOfModule.get(cls) ?? []), full]);
      const children = entry && specProperty(entry, 'children');
      if (children) walk(file, children, full);
    }
  };
  for (const { file, call, name } of calls) {
    const receiver = (call.expression as ts.PropertyAccessExpression).expression;
    if (name === 'register' && ts.isIdentifier(receiver) && receiver.text === 'RouterModule' && call.arguments[0]) walk(file, call.arguments[0], '');
  }
  const out = new Map<ts.Node, string[]>();
  for (const { file, cls, options } of modules) {
    const paths = pathsOfModule.get(cls);
    const list = paths && specProperty(options, 'controllers');
    const l = list && unwrap(list);
    for (const el of l && ts.isArrayLiteralExpression(l) ? l.elements : []) {
      const ctrl = classOf(c, file, el);
      if (ctrl) out.set(ctrl, paths!);
    }
  }
  return out;
}

function classOf(c: RouteCollector, file: FileIndex, expr: ts.Expression): ts.Node | undefined {
  const r = c.symbols.resolveReference(file, expr);
  return r && 'node' in r && ts.isClassDeclaration(r.node) ? r.node : undefined;
}

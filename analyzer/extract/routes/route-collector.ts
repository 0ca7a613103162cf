// What every route style hands on: route declarations on an owner (a router, an app, a controller
// class, a plugin's instance parameter), mounts of one owner under another with a prefix, and the
// diagnostics for what cannot be read. Full client paths are resolved once, over all styles.
import ts from '../typescript.cjs';
import type { Diagnostic, RouteFact } from '../../types.js';
import { lineOf, type FileIndex } from '../index-file.js';
import { joinRoutePath } from '../join-route-path.js';
import type { Symbols } from '../symbols.js';

export type RouteStyle = 'express' | 'koa' | 'koa-router' | 'fastify' | 'hapi' | 'nestjs' | 'apollo';

export interface RouteDecl {
  owner: ts.Node;
  method: string; // upper case
  path: string;
  file: string;
  line: number;
  style: RouteStyle;
}

export interface Mount {
  parent: ts.Node;
  child: ts.Node;
  prefix: string | null; // null: not a constant
}

export interface RouteCollector {
  readonly symbols: Symbols;
  readonly decls: RouteDecl[];
  readonly mounts: Mount[];
  readonly diagnostics: Diagnostic[];
  /** Declares `method pathExpr` on `owner` (koa-router's `del` is DELETE); a path that is not a constant is a DYNAMIC_ROUTE at `site`. */
  addRoute(file: FileIndex, owner: ts.Node, method: string, pathExpr: ts.Expression, site: ts.Node, style: RouteStyle, toExpress?: (path: string) => string): void;
  /** Declares a path already known in full. */
  addPath(file: FileIndex, owner: ts.Node, method: string, path: string, site: ts.Node, style: RouteStyle): void;
  dynamic(file: FileIndex, site: ts.Node, message: string): void;
}

export function createRouteCollector(symbols: Symbols): RouteCollector {
  const collector: RouteCollector = {
    symbols,
    decls: [],
    mounts: [],
    diagnostics: [],
    addRoute(file, owner, method, pathExpr, site, style, toExpress = (p) => p) {
      const paths = symbols.evaluateStrings(file, pathExpr);
      if (!paths) {
        collector.dynamic(file, site, `route path \`${pathExpr.getText(file.sf).slice(0, 60)}\` is not a constant`);
        return;
      }
      for (const path of paths) collector.addPath(file, owner, method, toExpress(path), site, style);
    },
    addPath(file, owner, method, path, site, style) {
      collector.decls.push({ owner, method: method.toLowerCase() === 'del' ? 'DELETE' : method.toUpperCase(), path, file: file.rel, line: lineOf(file.sf, site), style });
    },
    dynamic(file, site, message) {
      collector.diagnostics.push({ file: file.rel, line: lineOf(file.sf, site), code: 'DYNAMIC_ROUTE', message });
    },
  };
  return collector;
}

/** Every declaration under every chain of mounts above its owner, in declaration order (file, then line). */
export function resolveFullPaths(decls: readonly RouteDecl[], mounts: readonly Mount[]): (RouteFact & { style: RouteStyle })[] {
  const parents = new Map<ts.Node, Mount[]>();
  for (const m of mounts) parents.set(m.child, [...(parents.get(m.child) ?? []), m]);
  const prefixesOf = (key: ts.Node, seen: Set<ts.Node>): string[] => {
    const ups = parents.get(key);
    if (!ups?.length || seen.has(key)) return [''];
    const next = new Set([...seen, key]);
    return ups.flatMap((m) => (m.prefix === null ? [] : prefixesOf(m.parent, next).map((p) => joinRoutePath(p, m.prefix!))));
  };
  const seen = new Set<string>();
  const routes: (RouteFact & { style: RouteStyle })[] = [];
  for (const d of decls) {
    for (const prefix of new Set(prefixesOf(d.owner, new Set()))) {
      const route = { method: d.method, path: joinRoutePath(prefix, d.path), file: d.file, line: d.line, style: d.style };
      const id = `${route.method} ${route.path} ${route.file}:${route.line}`;
      if (!seen.has(id)) routes.push(route);
      seen.add(id);
    }
  }
  return routes.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
}

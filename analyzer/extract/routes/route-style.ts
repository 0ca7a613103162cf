// Which web framework a router, app or server comes from, by the package its factory is imported from.
import ts from '../typescript.cjs';
import { requireTarget, unwrap, type FileIndex } from '../index-file.js';
import type { RouteStyle } from './route-collector.js';

const PACKAGE_STYLES: Record<string, RouteStyle> = {
  express: 'express',
  koa: 'koa',
  'koa-router': 'koa-router',
  '@koa/router': 'koa-router',
  fastify: 'fastify',
  '@hapi/hapi': 'hapi',
  hapi: 'hapi',
};

/** The package an expression's root name is imported from: `Router` → 'koa-router', `require('express').Router` → 'express'. */
export function importedFrom(file: FileIndex, expr: ts.Expression): string | undefined {
  const e = unwrap(expr);
  const required = requireTarget(e);
  if (required) return required.specifier;
  if (ts.isIdentifier(e)) return file.imports.get(e.text)?.specifier;
  if (ts.isPropertyAccessExpression(e)) return importedFrom(file, e.expression);
  if (ts.isCallExpression(e)) return importedFrom(file, e.expression); // require('express')()
  return undefined;
}

/** The style of a call or `new` that makes a router, app or server: `new Router()` from koa-router, `Fastify()`. */
export function factoryStyle(file: FileIndex, made: ts.CallExpression | ts.NewExpression): RouteStyle | undefined {
  let root = unwrap(made.expression);
  while (ts.isPropertyAccessExpression(root) || ts.isCallExpression(root)) root = unwrap(root.expression);
  if (!ts.isIdentifier(root) || (root.text !== 'require' && !file.imports.has(root.text))) return undefined; // most calls: nothing imported
  const pkg = importedFrom(file, made.expression);
  return pkg ? PACKAGE_STYLES[pkg] : undefined;
}

/** The route style a tree's own router classes stand for: the web framework it imports (Koa before express). */
export function treeStyle(files: Iterable<FileIndex>): RouteStyle {
  const used = new Set<string>();
  for (const f of files) for (const s of f.specifiers) if (!s.target) used.add(s.specifier);
  return used.has('koa') ? 'koa' : used.has('fastify') ? 'fastify' : used.has('@hapi/hapi') ? 'hapi' : 'express';
}

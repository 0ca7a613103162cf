// What every table recogniser of one file shares: the file, symbol resolution, knex handles, and the
// sink its findings go to (accesses with evidence, catalog reads, DYNAMIC_TABLE diagnostics).
import ts from '../typescript.cjs';
import { lineOf, type FileIndex } from '../index-file.js';
import { chainTop } from './knex-chain.js';
import type { Symbols } from '../symbols.js';
import type { KnexHandles } from './knex-handle.js';
import type { OrmModels } from './orm-models.js';
import type { FileTableFindings } from './table-findings.js';

export type Kind = { read: boolean; write: boolean };

export interface TableContext extends FileTableFindings {
  file: FileIndex;
  symbols: Symbols;
  handles: KnexHandles;
  models: OrmModels;
}

/** Records an access at `site`; the evidence is the whole chain the call belongs to. */
export function addAccess(ctx: TableContext, table: string, kind: Kind, site: ts.Node): void {
  ctx.accesses.push({ table, read: kind.read, write: kind.write, file: ctx.file.rel, line: lineOf(ctx.file.sf, site), call: evidenceOf(site, ctx.file.sf) });
}

export function evidenceOf(site: ts.Node, sf: ts.SourceFile): string {
  return snippet(ts.isCallExpression(site) ? chainTop(site) : site, sf);
}

export function addCatalogRead(ctx: TableContext, name: string, site: ts.Node): void {
  ctx.catalogReads.push({ name, file: ctx.file.rel, line: lineOf(ctx.file.sf, site) });
}

export function addDynamic(ctx: TableContext, node: ts.Node, what: string): void {
  ctx.diagnostics.push({ file: ctx.file.rel, line: lineOf(ctx.file.sf, node), code: 'DYNAMIC_TABLE', message: `${what} \`${snippet(node, ctx.file.sf)}\` is not a constant; its table is unknown` });
}

/** The source of a node on one line, shortened: evidence a person can recognise. */
export function snippet(node: ts.Node, sf: ts.SourceFile, max = 100): string {
  const text = node.getText(sf).replace(/\s+/g, ' ');
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

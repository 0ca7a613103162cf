// Tables that only other files name: `super('orders')` / `new Repo('orders')` against a base
// repository taking its table in the constructor, and subclasses that fill in the table a base
// class queries (`this.db(this.tableName)` with `get tableName() { return 'users' }` below it).
import ts from '../typescript.cjs';
import type { Diagnostic, TableAccessSite } from '../../types.js';
import { lineOf, unwrap } from '../index-file.js';
import { baseClassOf } from '../base-class.js';
import type { Symbols } from '../symbols.js';
import { snippet } from './table-context.js';
import type { FileTableFindings, SubclassTableSite, TableParameterClass } from './table-findings.js';
import { parseTableName } from './table-name.js';
import { subclassTable } from './this-table.js';

/** The calling file reads/writes what the base class does with the table it is given. */
export function resolveConstructions(findings: readonly FileTableFindings[], symbols: Symbols): { accesses: TableAccessSite[]; diagnostics: Diagnostic[] } {
  const bases = new Map<ts.Node, TableParameterClass>();
  for (const f of findings) for (const c of f.tableParameterClasses) bases.set(c.node, c);
  const result = { accesses: [] as TableAccessSite[], diagnostics: [] as Diagnostic[] };
  if (bases.size === 0) return result;
  for (const f of findings) {
    for (const { call, file } of f.constructions) {
      const cls = ts.isNewExpression(call) ? call.expression : heritageOf(call);
      const target = cls && symbols.resolveReference(file, cls);
      const base = target && 'node' in target ? bases.get(target.node) : undefined;
      const arg = base && call.arguments?.[base.paramIndex];
      if (!base || !arg) continue;
      const line = lineOf(file.sf, call);
      const table = symbols.evaluateString(file, arg);
      const name = table === undefined ? undefined : parseTableName(table);
      if (name) result.accesses.push({ table: name, read: base.read, write: base.write, file: file.rel, line, call: snippet(call, file.sf) });
      else if (!(unwrap(arg).kind === ts.SyntaxKind.Identifier && isConstructorParameter(arg))) {
        result.diagnostics.push({ file: file.rel, line, code: 'DYNAMIC_TABLE', message: `table \`${snippet(arg, file.sf, 60)}\` passed to a repository is not a constant; its table is unknown` });
      }
    }
  }
  return result;
}

/**
 * Each subclass (in any file, at any depth) that gives the field a constant touches that table the
 * way the base's code does; the evidence points at the base's call. A base no subclass fills in is
 * a DYNAMIC_TABLE at its call.
 */
export function resolveSubclassTables(sites: readonly SubclassTableSite[], symbols: Symbols): { accesses: TableAccessSite[]; diagnostics: Diagnostic[] } {
  const result = { accesses: [] as TableAccessSite[], diagnostics: [] as Diagnostic[] };
  if (sites.length === 0) return result;
  const byBase = new Map<ts.Node, SubclassTableSite[]>();
  for (const s of sites) byBase.set(s.cls, [...(byBase.get(s.cls) ?? []), s]);
  const resolved = new Set<SubclassTableSite>();
  for (const file of symbols.files.values()) {
    const visit = (n: ts.Node) => {
      if (ts.isClassLike(n) && n.heritageClauses) {
        for (const base of ancestors(n, symbols)) {
          for (const s of byBase.get(base) ?? []) {
            const table = subclassTable(n, s.field, symbols, file) ?? inheritedTable(n, base, s.field, symbols);
            const name = table && parseTableName(table.value);
            if (!name) continue;
            resolved.add(s);
            result.accesses.push({ table: name, read: s.read, write: s.write, file: file.rel, line: lineOf(file.sf, n), call: s.call, site: { file: s.file, line: s.line } });
          }
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(file.sf);
  }
  for (const s of sites) {
    if (!resolved.has(s)) result.diagnostics.push({ file: s.file, line: s.line, code: 'DYNAMIC_TABLE', message: `table \`this.${s.field}\` is set by no subclass ficus can see; its table is unknown` });
  }
  return result;
}

// The classes `cls` extends, nearest first.
function ancestors(cls: ts.ClassLikeDeclaration, symbols: Symbols): ts.ClassLikeDeclaration[] {
  const out: ts.ClassLikeDeclaration[] = [];
  for (let c: ts.ClassLikeDeclaration | undefined = baseClassOf(cls, symbols); c && !out.includes(c) && out.length < 16; c = baseClassOf(c, symbols)) out.push(c);
  return out;
}

// A middle class between the base and `cls` may be the one that names the table.
function inheritedTable(cls: ts.ClassLikeDeclaration, base: ts.ClassLikeDeclaration, field: string, symbols: Symbols): { value: string } | undefined {
  for (const c of ancestors(cls, symbols)) {
    if (c === base) return undefined;
    const file = symbols.fileOf(c);
    const found = file && subclassTable(c, field, symbols, file);
    if (found) return found;
  }
  return undefined;
}


function heritageOf(call: ts.CallExpression): ts.Expression | undefined {
  let cls: ts.Node | undefined = call.parent;
  while (cls && !ts.isClassLike(cls)) cls = cls.parent;
  const clause = cls && ts.isClassLike(cls) ? cls.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword) : undefined;
  return clause?.types[0]?.expression;
}

// A subclass passing its own constructor parameter on (`super(table)`) is itself a base: not dynamic.
function isConstructorParameter(arg: ts.Expression): boolean {
  let fn: ts.Node | undefined = arg.parent;
  while (fn && !ts.isFunctionLike(fn)) fn = fn.parent;
  return !!fn && ts.isConstructorDeclaration(fn) && fn.parameters.some((p) => ts.isIdentifier(p.name) && p.name.text === (unwrap(arg) as ts.Identifier).text);
}

// Stage 2 of the analyzer: facts → a weighted, undirected module graph for clustering.
// Weights: 1 per runtime import; shared tables by access kind and rarity; foreign keys between the
// tables' writers; git co-change (with --history). Infrastructure hubs are set aside first.
import type { Facts, ModuleFacts, TableAccess } from '../types.js';
import { findInfrastructure } from './find-infrastructure.js';
import { findTopFolders } from './find-top-folders.js';
import { fileSubjects, subjectKey } from './name-subjects.js';
import type { EdgeKind, GraphEdge, GraphNode, GraphOptions, ImportLink, ModuleGraph } from './types.js';

export const EDGE_WEIGHTS = {
  import: 1,
  // one model importing another (`Document` → `User` for an association) is a foreign key in code, not a shared job
  association: 0.3,
  // data ties weigh less than an import: reading another domain's table is common and cheap to replace
  tableWriteWrite: 0.8,
  tableWriteRead: 0.4,
  tableReadRead: 0.2,
  foreignKey: 0.3,
  coChange: 0.5,
} as const;

/** Builds the module graph: `buildModuleGraph(facts, { hubShare: 0.3 })`. */
export function buildModuleGraph(facts: Facts, options: GraphOptions = {}): ModuleGraph {
  const all = [...facts.modules].sort((a, b) => a.path.localeCompare(b.path));
  const reached = reachFrom(facts.entryPoints.map((e) => e.file), all);
  const unreached = all.filter((m) => !reached.has(m.path)).map((m) => m.path);
  // Only server code is clustered: what no entry point reaches (a frontend, build scripts) is listed, never a seam.
  const modules = all.filter((m) => reached.has(m.path));
  const known = new Set(modules.map((m) => m.path));
  const folders = findTopFolders(modules.map((m) => m.path));
  const routesOf = new Map<string, string[]>();
  // in declaration order (file, then line): within a file that is the order express tries them
  for (const r of [...facts.routes].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line)) {
    if (!known.has(r.file)) continue;
    if (!routesOf.has(r.file)) routesOf.set(r.file, []);
    routesOf.get(r.file)!.push(`${r.method} ${r.path}`);
  }
  const handlersOf = new Map<string, string[]>();
  for (const h of facts.handlers ?? []) if (known.has(h.file)) handlersOf.set(h.file, [...(handlersOf.get(h.file) ?? []), `${h.kind} ${h.name}`]);
  const hubs = findInfrastructure({
    modules,
    folders,
    routed: new Set([...routesOf.keys(), ...handlersOf.keys()]), // a module serving requests or events is part of a seam
    entryPoints: facts.entryPoints.map((e) => e.file),
    hubShare: options.hubShare ?? 0.3,
    globs: options.infrastructure ?? [],
  });

  const imports: ImportLink[] = [];
  const fanIn = new Map<string, number>();
  for (const m of modules) {
    for (const to of new Set(m.imports)) {
      if (!known.has(to) || to === m.path) continue;
      imports.push({ from: m.path, to });
      fanIn.set(to, (fanIn.get(to) ?? 0) + 1);
    }
  }

  const nodes: GraphNode[] = modules.map((m) => ({
    path: m.path,
    loc: m.loc,
    folder: folders.get(m.path)!,
    routes: [...new Set(routesOf.get(m.path) ?? [])],
    handlers: [...new Set(handlersOf.get(m.path) ?? [])],
    tables: m.tables,
    fanIn: fanIn.get(m.path) ?? 0,
    infrastructure: hubs.has(m.path),
  }));

  const edges = createEdgeAccumulator((p) => known.has(p) && !hubs.has(p));
  const subjectOf = subjectsOf(modules);
  for (const link of imports) {
    const [a, b] = [subjectOf(link.from), subjectOf(link.to)];
    edges.add(link.from, link.to, 'import', a && b && a !== b ? EDGE_WEIGHTS.association : EDGE_WEIGHTS.import);
  }
  addTableEdges(edges, nodes.filter((n) => !n.infrastructure));
  const foreignKeys = addForeignKeyEdges(edges, facts, nodes.filter((n) => !n.infrastructure));
  for (const c of facts.coChanges ?? []) edges.add(c.a, c.b, 'cochange', EDGE_WEIGHTS.coChange * c.degree);

  const infrastructure = [...hubs.keys()].sort();
  return {
    nodes,
    edges: edges.list(),
    imports,
    entryPoints: facts.entryPoints.filter((e) => known.has(e.file)),
    unreached,
    infrastructure,
    infrastructureWhy: Object.fromEntries(infrastructure.map((p) => [p, hubs.get(p)!])),
    foreignKeys,
  };
}

interface EdgeAccumulator {
  add(a: string, b: string, kind: EdgeKind, weight: number, table?: string): void;
  list(): GraphEdge[];
}

function createEdgeAccumulator(include: (path: string) => boolean): EdgeAccumulator {
  const byKey = new Map<string, GraphEdge>();
  return {
    add(a, b, kind, weight, table) {
      if (a === b || weight <= 0 || !include(a) || !include(b)) return;
      const [source, target] = a < b ? [a, b] : [b, a];
      const key = `${kind}\0${source}\0${target}`;
      let edge = byKey.get(key);
      if (!edge) byKey.set(key, (edge = { source, target, kind, weight: 0 }));
      edge.weight += weight;
      if (table) edge.tables = [...new Set([...(edge.tables ?? []), table])].sort();
    },
    list: () =>
      [...byKey.values()]
        .map((e) => ({ ...e, weight: round(e.weight) }))
        .sort((x, y) => x.source.localeCompare(y.source) || x.target.localeCompare(y.target) || x.kind.localeCompare(y.kind)),
  };
}

/** Beyond this many tables a module (a report, an export) is a reader of everything, not a member of each domain. */
const WIDE_MODULE_TABLES = 4;

/** Modules sharing a table are linked; writes weigh more than reads, and a table few modules touch weighs more. */
function addTableEdges(edges: EdgeAccumulator, nodes: GraphNode[]): void {
  const breadth = new Map(nodes.map((n) => [n.path, Math.min(1, WIDE_MODULE_TABLES / Math.max(1, n.tables.length))]));
  for (const [table, users] of groupByTable(nodes)) {
    if (users.length < 2) continue;
    const rarity = 1 / (users.length - 1);
    for (let i = 0; i < users.length; i++) {
      for (let j = i + 1; j < users.length; j++) {
        const writes = Number(users[i].access.write) + Number(users[j].access.write);
        const base = writes === 2 ? EDGE_WEIGHTS.tableWriteWrite : writes === 1 ? EDGE_WEIGHTS.tableWriteRead : EDGE_WEIGHTS.tableReadRead;
        const spread = breadth.get(users[i].path)! * breadth.get(users[j].path)!;
        edges.add(users[i].path, users[j].path, 'table', base * rarity * spread, table);
      }
    }
  }
}

/** A foreign key ties the modules that write the referencing table to those that write the referenced one. */
function addForeignKeyEdges(edges: EdgeAccumulator, facts: Facts, nodes: GraphNode[]): { table: string; references: string }[] {
  const users = groupByTable(nodes);
  const owners = (table: string): string[] => {
    const all = users.get(table) ?? [];
    const writers = all.filter((u) => u.access.write);
    return (writers.length > 0 ? writers : all).map((u) => u.path);
  };
  const pairs = new Map<string, { table: string; references: string }>();
  for (const fk of facts.foreignKeys) {
    if (fk.table === fk.references.table) continue;
    pairs.set(`${fk.table}\0${fk.references.table}`, { table: fk.table, references: fk.references.table });
  }
  for (const { table, references } of pairs.values()) {
    const from = owners(table);
    const to = owners(references);
    if (from.length === 0 || to.length === 0) continue;
    const share = EDGE_WEIGHTS.foreignKey / (from.length * to.length);
    for (const a of from) for (const b of to) edges.add(a, b, 'fk', share, `${table}→${references}`);
  }
  return [...pairs.values()].sort((a, b) => a.table.localeCompare(b.table) || a.references.localeCompare(b.references));
}

function groupByTable(nodes: GraphNode[]): Map<string, { path: string; access: TableAccess }[]> {
  const byTable = new Map<string, { path: string; access: TableAccess }[]>();
  for (const n of nodes) {
    for (const access of n.tables) {
      if (!byTable.has(access.table)) byTable.set(access.table, []);
      byTable.get(access.table)!.push({ path: n.path, access });
    }
  }
  return new Map([...byTable].sort((a, b) => a[0].localeCompare(b[0])));
}

/** The table a module's file is named for (`FileModel.ts` → files), when there is one. */
function subjectsOf(modules: ModuleFacts[]): (path: string) => string | undefined {
  const subjects = new Set(modules.flatMap((m) => m.tables.map((t) => subjectKey(t.table))));
  const cache = new Map<string, string | undefined>();
  return (p) => {
    if (!cache.has(p)) cache.set(p, fileSubjects(p).find((s) => subjects.has(s)));
    return cache.get(p);
  };
}

/** Modules reachable by runtime imports from `starts`; every module when there is no start. */
function reachFrom(starts: string[], modules: ModuleFacts[]): Set<string> {
  if (starts.length === 0) return new Set(modules.map((m) => m.path));
  const byPath = new Map(modules.map((m) => [m.path, m]));
  const under = (folder: string) => modules.filter((m) => m.path.startsWith(`${folder}/`)).map((m) => m.path);
  const seen = new Set(starts.filter((s) => byPath.has(s)));
  const queue = [...seen];
  while (queue.length > 0) {
    const m = byPath.get(queue.pop()!)!;
    for (const next of [...m.imports, ...(m.loads ?? []).flatMap(under)]) {
      if (byPath.has(next) && !seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

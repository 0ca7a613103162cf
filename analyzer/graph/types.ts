// The weighted module graph handed from graph/ to seams/: plain, serialisable data.
import type { EntryPoint, TableAccess } from '../types.js';

export type EdgeKind = 'import' | 'table' | 'fk' | 'cochange';

/** One undirected, weighted link between two modules, aggregated per kind (source < target). */
export interface GraphEdge {
  source: string;
  target: string;
  kind: EdgeKind;
  weight: number;
  tables?: string[]; // for table and fk edges: the tables behind the link
}

/** A directed runtime import between two modules, kept for dependency counts and interfaces. */
export interface ImportLink {
  from: string;
  to: string;
}

export interface GraphNode {
  path: string;
  loc: number;
  folder: string; // the top-level folder used for naming and the folder split ('.' for files at the root)
  routes: string[]; // "GET /api/products/:id"
  handlers: string[]; // "socket add", "schedule 0 * * * *", "queue visits"
  tables: TableAccess[];
  fanIn: number; // modules importing this one
  infrastructure: boolean;
}

export interface ModuleGraph {
  nodes: GraphNode[]; // every module reached from a server entry point, infrastructure included, sorted by path
  edges: GraphEdge[]; // between non-infrastructure modules only, sorted
  imports: ImportLink[]; // every runtime import, infrastructure included
  entryPoints: EntryPoint[]; // where the server starts (empty: none found, every module is a node)
  unreached: string[]; // modules no entry point reaches: not nodes, never a seam
  infrastructure: string[]; // hubs set aside from clustering, with the reason in `infrastructureWhy`
  infrastructureWhy: Record<string, string>;
  foreignKeys: { table: string; references: string }[];
}

export interface GraphOptions {
  /** A module imported by at least this share of the other modules, serving no routes, is a hub. Default 0.3. */
  hubShare?: number;
  /** Modules to treat as infrastructure whatever their shape (globs). */
  infrastructure?: string[];
}

// Priors the import graph may lack, as anchor nodes Louvain sees: each module is tied to its domain
// folder (the first folder that is not a layer) and to the table its file is named for, with a star
// per anchor (linear in size, instead of a clique). Folders are a prior, not the answer: a layered
// tree (routes/, models/, queries/) ties nothing by folder, and names carry the domain across layers.
import type { UndirectedGraph } from 'graphology';
import { findSourceRoot } from '../graph/find-top-folders.js';
import type { ModuleGraph } from '../graph/types.js';
import { domainFolder, fileSubjects, subjectKey } from '../graph/name-subjects.js';

export const ANCHOR_PREFIX = '\0anchor:';

/** A module whose file is named for a table (`link.queries.js`, `FileModel.ts`) weighs as this many imports towards it. */
export const SUBJECT_AFFINITY = 2;

export function addAnchors(g: UndirectedGraph, graph: ModuleGraph, members: string[], folderWeight: number): void {
  if (folderWeight <= 0) return;
  const root = findSourceRoot(graph.nodes.map((n) => n.path));
  const byFolder = new Map<string, string[]>();
  for (const p of members) {
    const folder = domainFolder(p, root);
    if (folder) (byFolder.get(folder) ?? byFolder.set(folder, []).get(folder)!).push(p);
  }
  for (const [folder, paths] of byFolder) if (paths.length >= 2) star(g, `${ANCHOR_PREFIX}dir:${folder}`, paths, folderWeight);

  const member = new Set(members);
  const subjects = new Set(graph.nodes.filter((n) => member.has(n.path)).flatMap((n) => n.tables.map((t) => subjectKey(t.table))));
  const bySubject = new Map<string, string[]>();
  for (const p of members) {
    const subject = fileSubjects(p).find((s) => subjects.has(s)); // the longest: cart-item-repo is about cart items
    if (subject) (bySubject.get(subject) ?? bySubject.set(subject, []).get(subject)!).push(p);
  }
  for (const [subject, paths] of bySubject) if (paths.length >= 2) star(g, `${ANCHOR_PREFIX}table:${subject}`, paths, SUBJECT_AFFINITY * folderWeight);
}

function star(g: UndirectedGraph, anchor: string, paths: string[], weight: number): void {
  g.mergeNode(anchor);
  for (const p of paths) g.updateEdge(anchor, p, (attr) => ({ weight: (attr.weight ?? 0) + weight }));
}

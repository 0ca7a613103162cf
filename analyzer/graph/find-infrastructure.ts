// Infrastructure hubs (the db module, a logger, a utility grab-bag) are imported from everywhere; left in
// the graph they glue every seam together, so they are recognised here and set aside with a reason.
import type { ModuleFacts } from '../types.js';
import { compileGlob } from './match-glob.js';

export interface InfrastructureInput {
  modules: ModuleFacts[];
  folders: Map<string, string>;
  routed: Set<string>; // modules serving routes
  hubShare: number;
  globs: string[];
}

/** Returns hub modules with one sentence each on why they were set aside. */
export function findInfrastructure(input: InfrastructureInput): Map<string, string> {
  const { modules, folders, routed } = input;
  const known = new Set(modules.map((m) => m.path));
  const importers = new Map<string, Set<string>>();
  for (const m of modules) {
    for (const target of m.imports) {
      if (!known.has(target) || target === m.path) continue;
      if (!importers.has(target)) importers.set(target, new Set());
      importers.get(target)!.add(m.path);
    }
  }
  const allFolders = new Set(folders.values());
  const minImporters = Math.max(3, Math.ceil(input.hubShare * (modules.length - 1)));
  const minFolders = Math.min(3, Math.max(2, allFolders.size));
  const pinned = input.globs.map(compileGlob);
  const routedFolders = new Set([...routed].map((p) => folders.get(p)));
  const minSpread = Math.max(3, Math.ceil(0.4 * allFolders.size));
  const hubs = new Map<string, string>();

  for (const m of modules) {
    if (pinned.some((match) => match(m.path))) {
      hubs.set(m.path, 'listed as infrastructure in the config');
      continue;
    }
    if (routed.has(m.path)) continue; // a module serving routes is part of a seam, however popular
    const from = importers.get(m.path) ?? new Set<string>();
    const fromFolders = new Set([...from].map((p) => folders.get(p)));
    if (from.size >= minImporters && fromFolders.size >= minFolders) {
      hubs.set(m.path, `imported by ${from.size} of ${modules.length} modules across ${fromFolders.size} folders and serves no routes`);
      continue;
    }
    // In a small tree the db module has few importers, but they come from everywhere; a module in a
    // folder that serves no routes (lib/, shared/) and touches no tables is plumbing, not a domain.
    if (from.size >= 3 && fromFolders.size >= minSpread && m.tables.length === 0 && !routedFolders.has(folders.get(m.path))) {
      hubs.set(m.path, `imported from ${fromFolders.size} of ${allFolders.size} folders, touches no tables and lives outside every routed folder`);
      continue;
    }
    // A composition root (app.ts wiring every router) has no data of its own and reaches most folders.
    const toFolders = new Set(m.imports.filter((t) => known.has(t)).map((t) => folders.get(t)));
    toFolders.delete(folders.get(m.path));
    if (from.size <= 1 && m.tables.length === 0 && allFolders.size >= 4 && toFolders.size >= Math.max(3, 0.6 * (allFolders.size - 1))) {
      hubs.set(m.path, `a composition root: imports ${toFolders.size} other folders, owns no tables and serves no routes`);
    }
  }
  return hubs;
}

// Infrastructure hubs (the db module, a logger, a utility grab-bag) are imported from everywhere; left in
// the graph they glue every seam together, so they are recognised here and set aside with a reason.
import type { ModuleFacts } from '../types.js';
import { compileGlob } from './match-glob.js';
import { fileSubjects, subjectKey } from './name-subjects.js';

export interface InfrastructureInput {
  modules: ModuleFacts[];
  folders: Map<string, string>;
  routed: Set<string>; // modules serving routes
  entryPoints: string[]; // where the server starts
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
  const reachable = reachFrom([...routed], modules);
  const hubs = new Map<string, string>();
  // A module named for a table (`links.handler.js`, `FileModel.ts`) has a responsibility, whatever its folder.
  const subjects = new Set(modules.flatMap((m) => m.tables.map((t) => subjectKey(t.table))));
  const subjectCache = new Map<string, string | undefined>();
  const subjectOf = (p: string) => {
    if (!subjectCache.has(p)) subjectCache.set(p, fileSubjects(p).find((s) => subjects.has(s)));
    return subjectCache.get(p);
  };
  const named = (p: string) => subjectOf(p) !== undefined;
  const entries = new Set(input.entryPoints);
  const mounted = (m: ModuleFacts) => [...new Set(m.imports.filter((t) => t !== m.path && routed.has(t)))];
  const mounts = (m: ModuleFacts) => mounted(m).length;
  // routers of several domains (by table name or folder), not one domain's sub-routers
  const mountsDomains = (m: ModuleFacts) => new Set(mounted(m).map((t) => subjectOf(t) ?? t.slice(0, t.lastIndexOf('/')))).size >= 2;

  for (const m of modules) {
    if (pinned.some((match) => match(m.path))) {
      hubs.set(m.path, 'listed as infrastructure in the config');
      continue;
    }
    // A router mounting the others (routes/index.js) and the app setup an entry point holds are wiring, not a domain.
    if (mounts(m) >= ROUTER_MOUNTS && mountsDomains(m) && m.tables.length === 0) {
      hubs.set(m.path, `a composition root: mounts ${mounts(m)} routers${routed.has(m.path) ? ' (its own routes stay with the monolith)' : ''} and touches no tables`);
      continue;
    }
    if (entries.has(m.path) && m.tables.length === 0 && !named(m.path) && (mounts(m) > 0 || !routed.has(m.path))) {
      hubs.set(m.path, 'app setup: a server entry point that touches no tables');
      continue;
    }
    if (routed.has(m.path)) continue; // a module serving routes is part of a seam, however popular
    const from = importers.get(m.path) ?? new Set<string>();
    const fromFolders = new Set([...from].map((p) => folders.get(p)));
    if (from.size >= minImporters && fromFolders.size >= minFolders) {
      hubs.set(m.path, `imported by ${from.size} of ${modules.length} modules across ${fromFolders.size} folders and serves no routes`);
      continue;
    }
    // In a layered tree (queries/, handlers/) folders say nothing; the db handle is what modules about many tables share.
    const about = new Set([...from].map(subjectOf).filter(Boolean));
    if (m.tables.length === 0 && about.size >= SHARED_SUBJECTS && !named(m.path)) {
      hubs.set(m.path, `a shared library: imported by modules about ${about.size} different tables, touches none itself and serves no routes`);
      continue;
    }
    const outsideRouted = !routedFolders.has(folders.get(m.path));
    // In a small tree the db module has few importers, but they come from several folders; a module in
    // a folder that serves no routes (lib/, shared/) and touches no tables is plumbing, not a domain.
    const otherFolders = new Set(fromFolders);
    otherFolders.delete(folders.get(m.path));
    if (outsideRouted && m.tables.length === 0 && otherFolders.size >= 2 && !named(m.path)) {
      hubs.set(m.path, `a shared library: imported from ${otherFolders.size} folders, touches no tables and lives outside every routed folder`);
      continue;
    }
    // Seeds, migrations, scripts and tests touch every domain's tables but serve no request.
    if (outsideRouted && isTooling(m.path) && !reachable.has(m.path)) {
      hubs.set(m.path, 'tooling (seeds, migrations, scripts or tests): no route reaches it');
      continue;
    }
    // A composition root (app.ts wiring every router) has no data of its own and reaches most folders.
    const toFolders = new Set(m.imports.filter((t) => known.has(t)).map((t) => folders.get(t)));
    toFolders.delete(folders.get(m.path));
    if (!named(m.path) && from.size <= 1 && m.tables.length === 0 && allFolders.size >= 4 && toFolders.size >= Math.max(3, 0.6 * (allFolders.size - 1))) {
      hubs.set(m.path, `a composition root: imports ${toFolders.size} other folders, owns no tables and serves no routes`);
    }
  }
  addInfrastructureDependencies(hubs, modules, folders, routedFolders, named);
  return hubs;
}

/** What infrastructure imports is infrastructure too, when it lives outside routed folders and touches no tables (the logger utils uses). */
function addInfrastructureDependencies(
  hubs: Map<string, string>,
  modules: ModuleFacts[],
  folders: Map<string, string>,
  routedFolders: Set<string | undefined>,
  named: (path: string) => boolean,
): void {
  const byPath = new Map(modules.map((m) => [m.path, m]));
  const queue = [...hubs.keys()];
  while (queue.length > 0) {
    const hub = queue.pop()!;
    for (const dep of byPath.get(hub)?.imports ?? []) {
      const m = byPath.get(dep);
      if (!m || hubs.has(dep) || m.tables.length > 0 || routedFolders.has(folders.get(dep)) || named(dep)) continue;
      hubs.set(dep, `used by infrastructure (${hub}), touches no tables and lives outside every routed folder`);
      queue.push(dep);
    }
  }
}

/** A module importing this many route-serving modules is a router that mounts them. */
const ROUTER_MOUNTS = 3;

/** A module without tables imported by modules named for this many different tables is shared plumbing. */
const SHARED_SUBJECTS = 3;

const TOOLING = /^(db|database|migrations?|seeds?|seeders?|scripts?|tools?|bin|tests?|__tests__|spec|e2e|fixtures?)$/;

function isTooling(path: string): boolean {
  const parts = path.split('/');
  return /\.(test|spec)\.[cm]?[jt]sx?$/.test(path) || parts.slice(0, -1).some((p) => TOOLING.test(p));
}

/** Modules reachable by imports from the given ones (themselves included). */
function reachFrom(starts: string[], modules: ModuleFacts[]): Set<string> {
  const importsOf = new Map(modules.map((m) => [m.path, m.imports]));
  const seen = new Set(starts);
  const queue = [...starts];
  while (queue.length > 0) {
    for (const next of importsOf.get(queue.pop()!) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

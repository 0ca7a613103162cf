// Maps today's modules onto a plan's seams: a planned module keeps its seam; a new file goes where its
// folder's planned modules went, else where most of its planned neighbours (imports, importers) are.
import path from 'node:path';
import type { ModuleFacts } from '../types.js';

export interface Placement {
  seam: string | null; // null: infrastructure, or nowhere to place it
  how: 'plan' | 'folder' | 'neighbours' | 'unplaced';
}

/** Places every current module; `planned` maps the plan's module paths to their seams. */
export function placeModules(modules: ModuleFacts[], planned: ReadonlyMap<string, string | null>): Map<string, Placement> {
  const placed = new Map<string, Placement>();
  const fresh: ModuleFacts[] = [];
  for (const m of modules) {
    if (planned.has(m.path)) placed.set(m.path, { seam: planned.get(m.path)!, how: 'plan' });
    else fresh.push(m);
  }
  for (const m of fresh) {
    const seam = placeByFolder(m.path, planned);
    if (seam !== undefined) placed.set(m.path, { seam, how: 'folder' });
  }
  for (const m of fresh) {
    if (placed.has(m.path)) continue;
    const importers = modules.filter((o) => o.imports.includes(m.path)).map((o) => o.path);
    const seams = [...m.imports, ...importers].map((p) => planned.get(p) ?? placed.get(p)?.seam).filter((s): s is string => !!s);
    const seam = majority(seams, 0);
    placed.set(m.path, seam ? { seam, how: 'neighbours' } : { seam: null, how: 'unplaced' });
  }
  return placed;
}

const INFRASTRUCTURE = '\0infrastructure';

/**
 * The seam of most planned modules in the nearest folder that has any (at least half of them, never the
 * tree root): null when that folder is infrastructure (a new file in lib/), undefined when no folder decides.
 */
function placeByFolder(file: string, planned: ReadonlyMap<string, string | null>): string | null | undefined {
  for (let dir = path.posix.dirname(file); dir !== '.' && dir !== '/'; dir = path.posix.dirname(dir)) {
    const seams = [...planned].filter(([p]) => p.startsWith(`${dir}/`)).map(([, s]) => s ?? INFRASTRUCTURE);
    if (seams.length === 0) continue;
    const seam = majority(seams, 0.5 * seams.length);
    return seam === INFRASTRUCTURE ? null : (seam ?? undefined);
  }
  return undefined;
}

function majority(seams: string[], atLeast: number): string | null {
  const counts = new Map<string, number>();
  for (const s of seams) counts.set(s, (counts.get(s) ?? 0) + 1);
  const [top, second] = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (!top || top[1] < atLeast || (second && second[1] === top[1])) return null;
  return top[0];
}

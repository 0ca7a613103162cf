// The "top-level folder" of each module: the first folder below the tree's common source root, so that
// `src/orders/repo.ts` and `src/orders/routes.ts` both belong to `orders`, not to `src`.

export const ROOT_FOLDER = 'root';

/** Maps each path to its top-level folder; files directly in the common root map to `root`. */
export function findTopFolders(paths: string[]): Map<string, string> {
  const base = findSourceRoot(paths);
  const folders = new Map<string, string>();
  for (const p of paths) {
    const rest = base && p.startsWith(`${base}/`) ? p.slice(base.length + 1) : p;
    const slash = rest.indexOf('/');
    folders.set(p, slash < 0 ? ROOT_FOLDER : rest.slice(0, slash));
  }
  return folders;
}

/** Descends while one folder holds at least 80% of the modules below the current one (`src`, `src/domains`). */
export function findSourceRoot(paths: string[]): string {
  const trail = [''];
  for (;;) {
    const base = trail[trail.length - 1];
    const counts = countSubfolders(paths, base);
    const under = base ? paths.filter((p) => p.startsWith(`${base}/`)).length : paths.length;
    const top = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
    if (!top || top[1] < 0.8 * under) break;
    trail.push(base ? `${base}/${top[0]}` : top[0]);
  }
  // back out of a folder that is itself one domain (fewer than two sub-folders to split by)
  while (trail.length > 1 && countSubfolders(paths, trail[trail.length - 1]).size < 2) trail.pop();
  return trail[trail.length - 1];
}

function countSubfolders(paths: string[], base: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of paths) {
    if (base && !p.startsWith(`${base}/`)) continue;
    const parts = (base ? p.slice(base.length + 1) : p).split('/');
    if (parts.length > 1) counts.set(parts[0], (counts.get(parts[0]) ?? 0) + 1);
  }
  return counts;
}

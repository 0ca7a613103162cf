// The tables a route writes, as far as the static facts tell: those written by the module that registers
// it and by the modules of the same seam it imports, transitively (module-grained, so it may name a table
// the route itself never writes: the guard it feeds errs on the safe side). The draft puts them on write routes
// (`tables:`), so the gateway can refuse to move a write while data sync still copies those tables.
import type { Report } from '../types.js';

/** "POST /api/products" → the tables written on its way, for the routes of `seam`. */
export function writtenTablesOfRoutes(report: Pick<Report, 'modules' | 'routes'>, seam: string): Map<string, string[]> {
  const modules = new Map(report.modules.filter((m) => m.seam === seam).map((m) => [m.path, m]));
  const reach = new Map<string, string[]>();
  const tablesFrom = (start: string): string[] => {
    const known = reach.get(start);
    if (known) return known;
    const seen = new Set<string>();
    const tables = new Set<string>();
    const stack = [start];
    while (stack.length) {
      const m = modules.get(stack.pop()!);
      if (!m || seen.has(m.path)) continue;
      seen.add(m.path);
      for (const t of m.tables) if (t.write) tables.add(t.table);
      stack.push(...m.imports);
    }
    const sorted = [...tables].sort();
    reach.set(start, sorted);
    return sorted;
  };
  const out = new Map<string, string[]>();
  for (const r of report.routes) if (r.seam === seam) out.set(`${r.method.toUpperCase()} ${r.path}`, tablesFrom(r.file));
  return out;
}

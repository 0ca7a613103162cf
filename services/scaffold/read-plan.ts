// Reads the analyzer's ficus-report.json and picks one seam, with its routes parsed and located.
import { readReportFile } from '../../common/read-report.js';
import { ScaffoldError } from './errors.js';

export interface SeamRoute {
  method: string; // upper case; ALL for app.all
  path: string;
  /** Where the monolith serves it, "src/catalog/routes.ts:12", when the report says. */
  source?: string;
}

export interface SeamPlan {
  id: string;
  routes: SeamRoute[];
  ownedTables: string[];
}

/** The seam `seamId` of the report at `file`; FICUS_SCAFFOLD_SEAM_UNKNOWN lists the seams there are. */
export function readSeamPlan(file: string, seamId: string): SeamPlan {
  const report = readReportFile(file, ['seams'], (_kind, message, cause) => {
    throw new ScaffoldError('FICUS_SCAFFOLD_PLAN', message, { file }, { cause });
  });
  const seam = report.seams.find((s) => s.id === seamId);
  if (!seam) {
    const ids = report.seams.map((s) => s.id);
    throw new ScaffoldError('FICUS_SCAFFOLD_SEAM_UNKNOWN', `no seam "${seamId}" in ${file} (seams: ${ids.join(', ') || 'none'})`, { seams: ids });
  }
  const routes = seam.routes.map((text) => {
    const route = parseSeamRoute(text);
    const fact = report.routes.find((r) => r.method.toUpperCase() === route.method && r.path === route.path);
    return fact ? { ...route, source: `${fact.file}:${fact.line}` } : route;
  });
  return { id: seam.id, routes, ownedTables: [...seam.ownedTables] };
}

/** "GET /api/products/:id" → { method: 'GET', path: '/api/products/:id' }. */
export function parseSeamRoute(text: string): SeamRoute {
  const m = /^\s*([A-Za-z]+)\s+(\/\S*)\s*$/.exec(text);
  if (!m) throw new ScaffoldError('FICUS_SCAFFOLD_ROUTE', `seam route "${text}" is not "METHOD /path"`, { route: text });
  return { method: m[1].toUpperCase(), path: m[2] };
}

// Reads the analyzer's ficus-report.json and picks one seam, with its routes parsed and located.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ScaffoldError } from './errors.js';

// The analyzer's Report (analyzer/types.ts) reduced to what the scaffold uses, so a report with more fields still parses.
const planSchema = z.object({
  schemaVersion: z.literal(1),
  routes: z.array(z.object({ method: z.string(), path: z.string(), file: z.string(), line: z.number() })).default([]),
  seams: z.array(z.object({ id: z.string().min(1), routes: z.array(z.string()), ownedTables: z.array(z.string()) })),
});

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
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ScaffoldError('FICUS_SCAFFOLD_PLAN', `cannot read the plan ${file}: ${(err as Error).message}`, { file }, { cause: err });
  }
  const parsed = planSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new ScaffoldError('FICUS_SCAFFOLD_PLAN', `${file} is not a ficus report (schemaVersion 1): ${problems}`, { file });
  }
  const report = parsed.data;
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

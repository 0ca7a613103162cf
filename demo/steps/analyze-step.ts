// Step 1: the analyzer finds the catalog seam and the tables it takes along.
import path from 'node:path';
import { analyze } from '../../analyzer/analyze.js';
import { CATALOG_TABLES } from '../../services/catalog/migrations/index.js';
import { fixtureDir } from '../paths.js';
import { check, type DemoStep } from '../run-steps.js';
import { SEAM, show, type DemoContext } from './demo-context.js';

export function analyzeStep(ctx: DemoContext): DemoStep {
  return {
    title: `Analyze the monolith: ficus analyze ${path.basename(fixtureDir)} -o ${ctx.options.dir}`,
    run: async (say) => {
      const { report, written } = await analyze({ dir: fixtureDir, outDir: ctx.options.dir });
      const s = report.stats;
      say(`${s.modules} modules, ${s.tables} tables, ${s.routes} routes → ${report.seams.length} seams suggested`);
      const ranked = [...report.seams].sort((a, b) => a.extractionOrder - b.extractionOrder);
      say(`extraction order: ${ranked.map((x) => `${x.extractionOrder}. ${x.id}`).join(', ')}`);
      const seam = report.seams.find((x) => x.id === SEAM);
      check(seam, `no "${SEAM}" seam in the report (seams: ${report.seams.map((x) => x.id).join(', ')})`);
      const tables = new Set([...seam.ownedTables, ...seam.sharedTables.map((t) => t.table)]);
      const missing = CATALOG_TABLES.filter((t) => !tables.has(t));
      check(missing.length === 0, `the ${SEAM} seam does not use ${missing.join(', ')}, which the catalog service serves`);
      say(`${SEAM}: rank ${seam.extractionOrder}, ${seam.routes.length} routes, owns ${seam.ownedTables.join(', ') || 'no table alone'}, shares ${seam.sharedTables.map((t) => t.table).join(', ')}`);
      if (seam.why) say(`why: ${seam.why}`);
      say(`reports: ${written.map(show).join(', ')}`);
      return `the analyzer finds the ${SEAM} seam (rank ${seam.extractionOrder} of ${report.seams.length}) with its routes and the tables to take along`;
    },
  };
}

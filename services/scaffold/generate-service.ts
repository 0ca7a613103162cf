// `ficus new-service`: from a seam of the analyzer's report (and, optionally, the monolith's live schema)
// to a working service on the kit. Plan → model → rendered files → written, each step plain data.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { introspectTables } from '../kit/db/introspect-schema.js';
import { openKnex } from '../kit/db/open-knex.js';
import { orderTablesByForeignKeys } from '../kit/db/order-tables.js';
import { describeTableBuild, type TableBuild } from '../kit/db/table-build.js';
import { ScaffoldError } from './errors.js';
import { readSeamPlan, type SeamPlan } from './read-plan.js';
import { toPascal, toSlug, type ScaffoldModel } from './scaffold-model.js';
import { renderConfigModule } from './templates/config-module.js';
import { renderGatewaySnippet } from './templates/gateway-snippet.js';
import { migrationName, renderMigrationIndex, renderMigrationModule } from './templates/migration-modules.js';
import { renderReadme } from './templates/readme.js';
import { renderRoutesModule } from './templates/routes-module.js';
import { renderServerModule } from './templates/server-module.js';
import { renderServiceModule } from './templates/service-module.js';
import { renderTestModule } from './templates/test-module.js';

export interface NewServiceOptions {
  seam: string;
  /** Path of ficus-report.json. */
  plan: string;
  outDir: string;
  /** The monolith's database, to build the migration from its real columns. */
  schemaFrom?: string;
  force?: boolean;
  port?: number;
}

export interface GeneratedFile {
  path: string; // relative to outDir, forward slashes
  content: string;
}

export interface NewServiceResult {
  outDir: string;
  files: string[];
  warnings: string[];
}

/** Generates the service and writes it; refuses a non-empty `outDir` unless `force`. */
export async function createNewService(options: NewServiceOptions): Promise<NewServiceResult> {
  const outDir = path.resolve(options.outDir);
  if (!options.force && existsSync(outDir) && readdirSync(outDir).length > 0) {
    throw new ScaffoldError('FICUS_SCAFFOLD_TARGET_NOT_EMPTY', `${options.outDir} is not empty (use --force to overwrite the generated files)`, { outDir });
  }
  const plan = readSeamPlan(options.plan, options.seam);
  const warnings: string[] = [];
  let tables: TableBuild[] | undefined;
  let schemaSource: string | undefined;
  if (options.schemaFrom) {
    ({ tables, schemaSource } = await readOwnedTables(options.schemaFrom, plan));
  } else if (plan.ownedTables.length) {
    warnings.push(`no --schema-from: the migration creates placeholder tables (${plan.ownedTables.join(', ')}) to complete by hand`);
  }
  if (!plan.routes.length) warnings.push(`seam "${plan.id}" has no routes`);
  const model: ScaffoldModel = {
    name: plan.id,
    slug: toSlug(plan.id),
    pascal: toPascal(plan.id),
    kitImport: kitImportFrom(outDir),
    routes: plan.routes,
    ownedTables: plan.ownedTables,
    tables,
    schemaSource,
    port: options.port ?? 4001,
  };
  const files = renderServiceFiles(model);
  for (const file of files) {
    const target = path.join(outDir, file.path);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, file.content);
  }
  return { outDir, files: files.map((f) => f.path), warnings };
}

/** Every file of a generated service, rendered from the model. */
export function renderServiceFiles(m: ScaffoldModel): GeneratedFile[] {
  return [
    { path: 'README.md', content: renderReadme(m) },
    { path: 'config.ts', content: renderConfigModule(m) },
    { path: 'service.ts', content: renderServiceModule(m) },
    { path: 'routes.ts', content: renderRoutesModule(m) },
    { path: 'server.ts', content: renderServerModule(m) },
    { path: `migrations/${migrationName(m)}.ts`, content: renderMigrationModule(m) },
    { path: 'migrations/index.ts', content: renderMigrationIndex(m) },
    { path: `${m.slug}.test.ts`, content: renderTestModule(m) },
    { path: 'gateway.snippet.yaml', content: renderGatewaySnippet(m) },
  ];
}

async function readOwnedTables(url: string, plan: SeamPlan): Promise<{ tables: TableBuild[]; schemaSource: string }> {
  const db = openKnex(url, { mustExist: true, readonly: true });
  try {
    const schemas = await introspectTables(db.knex, plan.ownedTables, `the monolith's database (${db.label})`);
    const owned = new Set(plan.ownedTables);
    return { tables: orderTablesByForeignKeys(schemas).ordered.map((t) => describeTableBuild(t, owned)), schemaSource: db.label };
  } finally {
    await db.knex.destroy();
  }
}

/** services/kit/index.js as an import specifier from `outDir`: the kit's sources when this runs from dist/. */
function kitImportFrom(outDir: string): string {
  const here = path.dirname(fileURLToPath(import.meta.url)); // …/services/scaffold or …/dist/services/scaffold
  const compiled = path.resolve(here, '..', 'kit');
  const source = compiled.replace(`${path.sep}dist${path.sep}services${path.sep}`, `${path.sep}services${path.sep}`);
  const kitDir = existsSync(path.join(source, 'index.ts')) ? source : compiled;
  const rel = path.relative(outDir, path.join(kitDir, 'index.js')).split(path.sep).join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

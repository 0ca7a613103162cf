// `ficus new-service`: from a seam of the analyzer's report (and, optionally, the monolith's live schema)
// to a standalone package on the kit. Plan → model → rendered files → written, each step plain data.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { introspectTables } from '../kit/db/introspect-schema.js';
import { openKnex } from '../kit/db/open-knex.js';
import { orderTablesByForeignKeys } from '../kit/db/order-tables.js';
import { describeTableBuild, type TableBuild } from '../kit/db/table-build.js';
import { ScaffoldError } from './errors.js';
import { ficusVersions } from './ficus-package.js';
import { packageNameProblems } from './package-name.js';
import { pickFreePort, portsOfSiblings } from './pick-port.js';
import { readSeamPlan, type SeamPlan } from './read-plan.js';
import { groupResources, toPascal, toSlug, type ScaffoldModel } from './scaffold-model.js';
import { renderCiWorkflow } from './templates/ci-workflow.js';
import { renderConfigModule } from './templates/config-module.js';
import { renderDockerfile, renderDockerignore } from './templates/container-files.js';
import { renderGatewaySnippet } from './templates/gateway-snippet.js';
import { migrationName, renderMigrationIndex, renderMigrationModule } from './templates/migration-modules.js';
import { renderGitignore, renderPackageJson, renderTsconfig, renderVitestConfig } from './templates/package-files.js';
import { renderReadme } from './templates/readme.js';
import { renderResourceModule, renderRoutesIndex, routableResources } from './templates/routes-module.js';
import { renderServerModule } from './templates/server-module.js';
import { renderServiceModule } from './templates/service-module.js';
import { renderTestModule } from './templates/test-module.js';

export interface NewServiceOptions {
  seam: string;
  /** Path of ficus-report.json. */
  plan: string;
  outDir: string;
  /** The package name (default: the seam id). */
  name?: string;
  /** The monolith's database, to build the migration from its real columns. */
  schemaFrom?: string;
  force?: boolean;
  /** Default port; without it, the first free one from 4001 that no sibling service uses. */
  port?: number;
  /** The ficus dependency in package.json (default `file:<path>` from a checkout, `^<version>` when installed). */
  ficusDependency?: string;
}

export interface GeneratedFile {
  path: string; // relative to outDir, forward slashes
  content: string;
}

export interface NewServiceResult {
  outDir: string;
  name: string;
  port: number;
  files: string[];
  warnings: string[];
}

/** Generates the service and writes it; refuses a non-empty `outDir` unless `force`. */
export async function createNewService(options: NewServiceOptions): Promise<NewServiceResult> {
  const outDir = path.resolve(options.outDir);
  const plan = readSeamPlan(options.plan, options.seam);
  const name = options.name ?? options.seam;
  const nameProblems = packageNameProblems(name);
  if (nameProblems.length) {
    const hint = options.name ? '' : ` (pass --name <package name>, e.g. --name ${toSlug(name)})`;
    throw new ScaffoldError('FICUS_SCAFFOLD_NAME_INVALID', `"${name}" is not a valid package name: ${nameProblems.join('; ')}${hint}`, { name, problems: nameProblems });
  }
  if (!options.force && existsSync(outDir) && readdirSync(outDir).length > 0) {
    throw new ScaffoldError('FICUS_SCAFFOLD_TARGET_NOT_EMPTY', `${options.outDir} is not empty (use --force to overwrite the generated files)`, { outDir });
  }
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
    name,
    seam: plan.id,
    slug: toSlug(name),
    pascal: toPascal(name.replace(/^@[^/]+\//, '')),
    routes: plan.routes,
    resources: groupResources(plan.routes),
    ownedTables: plan.ownedTables,
    tables,
    schemaSource,
    port: options.port ?? (await pickFreePort(portsOfSiblings(path.dirname(outDir)))),
    versions: ficusVersions(outDir, options.ficusDependency),
  };
  const files = renderServiceFiles(model);
  for (const file of files) {
    const target = path.join(outDir, file.path);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, file.content);
  }
  return { outDir, name, port: model.port, files: files.map((f) => f.path), warnings };
}

/** Every file of a generated service, rendered from the model. */
export function renderServiceFiles(m: ScaffoldModel): GeneratedFile[] {
  return [
    { path: 'package.json', content: renderPackageJson(m) },
    { path: 'tsconfig.json', content: renderTsconfig() },
    { path: 'vitest.config.ts', content: renderVitestConfig() },
    { path: '.gitignore', content: renderGitignore() },
    { path: 'README.md', content: renderReadme(m) },
    { path: 'src/config.ts', content: renderConfigModule(m) },
    { path: 'src/service.ts', content: renderServiceModule(m) },
    { path: 'src/server.ts', content: renderServerModule(m) },
    { path: 'src/routes/index.ts', content: renderRoutesIndex(m) },
    ...routableResources(m).map((r) => ({ path: `src/routes/${r.file}.ts`, content: renderResourceModule(m, r) })),
    { path: `src/migrations/${migrationName(m)}.ts`, content: renderMigrationModule(m) },
    { path: 'src/migrations/index.ts', content: renderMigrationIndex(m) },
    { path: `test/${m.slug}.test.ts`, content: renderTestModule(m) },
    { path: 'Dockerfile', content: renderDockerfile(m) },
    { path: '.dockerignore', content: renderDockerignore() },
    { path: '.github/workflows/ci.yml', content: renderCiWorkflow(m) },
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

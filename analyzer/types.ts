// Plain, serialisable data handed between the analyzer's stages: extract → graph → seams → report.
// The report shapes follow the public contract in DESIGN.md ("Contracts"): extend, never rename.
// docs/report.schema.json publishes them as a JSON Schema: a new report field needs its entry there.

export type DiagnosticCode =
  | 'PARSE_ERROR' // a source file the TypeScript parser or madge could not parse
  | 'UNRESOLVED_IMPORT' // an import madge could not resolve to a file
  | 'DYNAMIC_TABLE' // a table name that cannot be known statically
  | 'UNRESOLVED_MODEL' // a call shaped like ORM data access whose model (so table) ficus cannot name
  | 'SQL_PARSE_FALLBACK' // raw SQL the parser rejected; the careful scan was used instead
  | 'DYNAMIC_ROUTE' // a route path or mount prefix that cannot be known statically
  | 'SKIPPED_FILE' // binary, too large, unreadable, symlink loop
  | 'NO_SOURCES'
  | (string & {});

export interface Diagnostic {
  file: string; // relative to the analysed root, forward slashes ('' when not about one file)
  line?: number;
  code: DiagnosticCode;
  message: string;
}

export interface TableAccess {
  table: string; // bare name: no schema, quotes or alias
  read: boolean;
  write: boolean;
}

/** Why a module touches a table: the call, where it sits (a base class's code may sit in another file). */
export interface TableEvidence {
  file: string;
  line: number;
  call: string; // the source of the call, shortened
}

/** One access with where it happened; folded into TableAccess per module for the report. */
export interface TableAccessSite extends TableAccess {
  file: string; // the module that touches the table
  line: number;
  call: string;
  site?: { file: string; line: number }; // where the code sits when not in `file` (an inherited base method)
}

/** A read of a system catalog (information_schema, pg_catalog, sqlite_master, …): never a coupling. */
export interface CatalogRead {
  name: string; // as written, schema included: `information_schema.tables`
  file: string;
  line: number;
}

export interface ModuleFacts {
  path: string; // relative, forward slashes
  loc: number;
  imports: string[]; // runtime imports only (type-only imports excluded), relative paths of other modules
  tables: TableAccess[];
  loads?: string[]; // folders it loads by computed name (`require(\`./jobs/${name}\`)`, autoload): all of them count as reached
}

export interface RouteFact {
  method: string; // upper case: GET, POST, …, ALL for app.all
  path: string; // full client path with mount prefixes, express syntax
  file: string;
  line: number;
}

/** A non-HTTP entry point: a socket event handler, a scheduled job or a queue consumer. */
export interface HandlerFact {
  kind: 'socket' | 'schedule' | 'queue';
  name: string; // the event, the schedule ("0 * * * *", "every 60000 ms") or the queue
  file: string;
  line: number;
}

export interface ForeignKey {
  table: string;
  column: string;
  references: { table: string; column: string };
  file: string;
  line: number;
}

export interface CoChange {
  a: string;
  b: string;
  sharedRevisions: number;
  degree: number; // shared revisions over the average revisions of a and b (code-maat)
}

/** A module the server starts from, with how it was found ("package.json main", "calls listen(", "config entry"). */
export interface EntryPoint {
  file: string;
  why: string;
}

/** Which ways of reaching data and declaring routes the analyzer found, sorted: `{ data: ['knex', 'sql'], routes: ['express'] }`. */
export interface Styles {
  data: string[]; // knex, objection, sequelize, typeorm, prisma, sql (raw SQL handed to a driver) …
  routes: string[]; // express, koa-router, nestjs, fastify, hapi
}

/** Everything extract/ learns about a tree. */
export interface Facts {
  root: string; // absolute path of the analysed root (never written into the report)
  modules: ModuleFacts[];
  accesses: TableAccessSite[];
  routes: RouteFact[];
  handlers?: HandlerFact[]; // socket events, schedules, queue consumers
  foreignKeys: ForeignKey[];
  catalogReads: CatalogRead[];
  cycles: string[][];
  entryPoints: EntryPoint[]; // server entry points; empty when none was found (then every module counts)
  coChanges?: CoChange[]; // only with --history
  diagnostics: Diagnostic[];
  stats: { files: number; testFiles: number; externalImports: number; durationMs: number; styles?: Styles }; // testFiles: left out (see --include-tests); externalImports: aliases leading out of the folder
}

// ---- Report (ficus-report.json, schemaVersion 1) ----

export interface ReportModule extends ModuleFacts {
  seam: string | null;
  handlers?: string[]; // "socket add", "schedule 0 * * * *", "queue visits"
}

export interface ReportTable {
  name: string;
  accessedBy: { module: string; read: boolean; write: boolean; evidence: TableEvidence[] }[];
  foreignKeys: { column: string; references: { table: string; column: string } }[];
}

export interface ReportRoute extends RouteFact {
  seam: string | null;
}

export interface SharedTable {
  table: string;
  with: string[]; // the other seams touching it
  writers: string[]; // seams (this one included) that write it
}

export interface SeamEdge {
  seam: string;
  edges: number;
}

export interface ReportSeam {
  id: string;
  modules: string[];
  routes: string[]; // "GET /api/products/:id", in declaration order (modules by path, then line)
  handlers?: string[]; // non-HTTP entry points: "socket add", "schedule 0 * * * *", "queue visits"
  ownedTables: string[];
  sharedTables: SharedTable[];
  dependsOn: SeamEdge[];
  dependedOnBy: SeamEdge[];
  extractionOrder: number; // 1 = cheapest to extract first
  why: string; // one sentence on what makes it cheap or dear to extract (the rank is extractionOrder)
  metrics: Record<string, number>;
}

export interface Report {
  schemaVersion: 1;
  generatedAt: string;
  root: string; // the directory name as given, for humans; paths below are relative to it
  modules: ReportModule[];
  tables: ReportTable[];
  routes: ReportRoute[];
  handlers?: (HandlerFact & { seam: string | null })[];
  seams: ReportSeam[];
  metrics: Record<string, number>;
  folderMetrics?: Record<string, number>; // the same metrics for "one seam per top-level folder"
  entryPoints?: EntryPoint[]; // where the server starts; seams are suggested among modules reached from them
  unreached?: string[]; // modules no server entry point reaches (frontend, build and release scripts): never a seam
  infrastructure?: string[]; // hub modules set aside from clustering
  infrastructureWhy?: Record<string, string>; // hub module → why it was set aside
  ranking?: string; // how extractionOrder was decided, in words
  tangle?: string; // when the code is (mostly) one tangle: the verdict, with its modularity and largest seam share
  catalogReads: CatalogRead[];
  cycles: string[][];
  diagnostics: Diagnostic[];
  stats: { files: number; testFiles: number; externalImports: number; modules: number; tables: number; routes: number; durationMs: number; styles?: Styles };
}

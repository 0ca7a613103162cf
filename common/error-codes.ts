// The one table of thrown error codes: what each means, the HTTP status an API answers with it and
// the exit code the CLI ends with. Each component's errors.ts names its codes from here, so a code
// missing from this table does not typecheck. Exit 2 is a usage error (bad flag, argument or input
// file), 1 a failure.

export interface CodeSpec {
  status: number;
  exit: 1 | 2;
}

const usage = { status: 400, exit: 2 } as const;
const bad = { status: 400, exit: 1 } as const;
const failed = { status: 500, exit: 1 } as const;

export const ERROR_CODES = {
  // analyzer/errors.ts
  FICUS_ANALYZE_NO_DIR: usage, // the directory to analyse does not exist or is not a directory
  FICUS_ANALYZE_CONFIG_READ: bad, // ficus.config.yaml (or --config) could not be read or is not YAML
  FICUS_ANALYZE_CONFIG_INVALID: bad, // ficus.config.yaml broke the schema; `problems` lists every one
  FICUS_ANALYZE_OUTPUT: failed, // the report could not be written
  FICUS_CHECK_NO_DIR: usage, // `ficus check` was given a directory that does not exist
  FICUS_CHECK_PLAN_READ: usage, // the plan (a ficus-report.json) could not be read
  FICUS_CHECK_PLAN_INVALID: usage, // the plan is not a ficus report
  // gateway/errors.ts
  FICUS_GATEWAY_CONFIG_INVALID: bad, // the config parsed but broke the schema or a cross-field rule
  FICUS_GATEWAY_CONFIG_READ: bad, // the config file could not be read
  FICUS_GATEWAY_LISTEN: failed, // a listening socket could not be opened
  // gateway/admin/errors.ts (the API also answers UNAUTHORIZED, FORBIDDEN and UNAVAILABLE)
  FICUS_ADMIN_INSECURE_BIND: bad, // non-loopback admin host without any token
  FICUS_ADMIN_UNKNOWN_ROUTE: { status: 404, exit: 1 }, // a route id that is not in the config
  FICUS_ADMIN_INVALID_CHANGE: bad, // a cutover request that fails validation
  FICUS_ADMIN_GUARD_REFUSED: { status: 409, exit: 1 }, // promotion without enough shadow evidence
  FICUS_ADMIN_SYNC_RUNNING: { status: 409, exit: 1 }, // writes to the service while data sync still runs monolith → service
  FICUS_ADMIN_INVALID_RAMP: bad, // ramp steps that do not increase or exceed 100, or a hold of 0
  FICUS_ADMIN_RAMP_CONFLICT: { status: 409, exit: 1 }, // a ramp already running, or none to pause/resume/abort
  FICUS_ADMIN_INVALID_FILTER: bad, // a traffic inspector filter that makes no sense (status 5x, backend db)
  FICUS_ADMIN_UNKNOWN_EXCHANGE: { status: 404, exit: 1 }, // a request id the traffic inspector does not hold (never seen, or left its ring)
  FICUS_ADMIN_UNAUTHORIZED: { status: 401, exit: 1 }, // no or wrong bearer token
  FICUS_ADMIN_FORBIDDEN: { status: 403, exit: 1 }, // tokenless and not addressed to loopback
  FICUS_ADMIN_UNAVAILABLE: { status: 503, exit: 1 }, // the store is unreachable
  // gateway/export/errors.ts
  FICUS_EXPORT_LOSSY: bad, // the route state cannot be said exactly in the target format (--lossy exports anyway)
  FICUS_EXPORT_INVALID_MANIFEST: failed, // a manifest ficus wrote broke the published schema (a ficus bug)
  // gateway/replay/errors.ts
  FICUS_REPLAY_FILE: usage, // a replay file that cannot be read, is not one, or has a bad line (each named)
  FICUS_REPLAY_VERSION: usage, // a replay file written by a newer ficus
  FICUS_REPLAY_UNKNOWN_ROUTE: usage, // `replay export` named a route the config does not have
  // gateway/compare/errors.ts
  FICUS_COMPARE_BAD_PATH: bad, // an ignore/redact JSON path that does not parse
  // bin/admin-client.ts, gateway/admin/call-admin.ts
  FICUS_CLI_USAGE: usage, // a verb's flags do not make a request
  FICUS_CLI_ADMIN_UNREACHABLE: failed, // nothing answers at the admin URL
  FICUS_CLI_ADMIN_UNAUTHORIZED: { status: 401, exit: 1 }, // the admin API refused the token
  FICUS_CLI_ADMIN_HTTP: failed, // the admin API answered another error (its status in `details`)
  // services/kit/errors.ts
  FICUS_SERVICE_CONFIG_INVALID: bad, // environment variables failed the service's zod schema
  FICUS_SERVICE_LISTENING: failed, // listen() called twice
  FICUS_DB_URL: usage, // a database URL that cannot be opened (scheme, missing SQLite file)
  FICUS_DB_TABLE_MISSING: bad, // introspection asked for a table the database does not have
  FICUS_HTTP_ERROR: failed, // an HttpError thrown by a handler (its own status)
  // services/data-copy/errors.ts
  FICUS_COPY_ARGS: usage, // bad options: no tables, bad batch size
  FICUS_COPY_SAME_DATABASE: usage, // --from and --to name the same database
  FICUS_COPY_NO_PRIMARY_KEY: bad, // keyset pagination and verification need a primary key
  FICUS_COPY_SCHEMA_MISMATCH: bad, // an existing target table lacks columns the source has
  // services/data-sync/errors.ts
  FICUS_SYNC_ARGS: usage, // bad options: no tables, bad batch size, conflicting flags
  FICUS_SYNC_BUSY: bad, // the source already runs a sync of other tables or to another target
  FICUS_SYNC_NOT_RUNNING: bad, // --status/--stop/--reverse found no sync between the two databases
  FICUS_SYNC_REVERSED: bad, // the sync was turned: the other database is the source now
  FICUS_SYNC_SCHEMA_CHANGED: bad, // a synced table's columns changed at the source: sync paused, nothing applied
  // services/scaffold/errors.ts
  FICUS_SCAFFOLD_PLAN: usage, // the report cannot be read or is not an analyzer report
  FICUS_SCAFFOLD_SEAM_UNKNOWN: usage, // no seam with that id in the report
  FICUS_SCAFFOLD_ROUTE: bad, // a seam route that is not "METHOD /path"
  FICUS_SCAFFOLD_NAME_INVALID: usage, // the service name is not a valid package name
  FICUS_SCAFFOLD_TARGET_NOT_EMPTY: usage, // the output directory has files and --force was not given
  // demo/errors.ts
  FICUS_DEMO_DIR: usage, // the work folder holds files the demo did not make
  FICUS_DEMO_BUILD_MISSING: failed, // a component's compiled entry is not in dist/
  FICUS_DEMO_CHILD: failed, // a component process died or stayed silent before listening
  FICUS_DEMO_STEP: failed, // a step's check did not hold
} as const satisfies Record<string, CodeSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The status and exit code of `code`; a code from elsewhere (a remote answer) is a plain failure. */
export function specOf(code: string): CodeSpec {
  return (ERROR_CODES as Record<string, CodeSpec>)[code] ?? failed;
}

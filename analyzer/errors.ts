// Errors the analyzer throws. Tests assert on `code`, never on message text. Problems found in the
// analysed code are not errors: they become diagnostics in the report.

export type AnalyzerErrorCode =
  | 'FICUS_ANALYZE_NO_DIR' // the directory to analyse does not exist or is not a directory
  | 'FICUS_ANALYZE_CONFIG_READ' // ficus.config.yaml (or --config) could not be read or is not YAML
  | 'FICUS_ANALYZE_CONFIG_INVALID' // ficus.config.yaml broke the schema; `problems` lists every one
  | 'FICUS_ANALYZE_OUTPUT'; // the report could not be written

/** One problem in ficus.config.yaml, located by its path (`helpers.tables[0].arg`). */
export interface ConfigProblem {
  path: string;
  message: string;
}

export class AnalyzerError extends Error {
  readonly code: AnalyzerErrorCode;
  readonly exitCode = 1;
  constructor(code: AnalyzerErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AnalyzerError';
    this.code = code;
  }
}

/** A config that failed validation; the message names every problem on one line. */
export class AnalyzerConfigError extends AnalyzerError {
  readonly problems: readonly ConfigProblem[];
  constructor(source: string, problems: readonly ConfigProblem[]) {
    const list = problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; ');
    super('FICUS_ANALYZE_CONFIG_INVALID', `${source}: invalid config: ${list}`);
    this.name = 'AnalyzerConfigError';
    this.problems = problems;
  }
}

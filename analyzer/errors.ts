// Errors the analyzer throws (codes and their exit codes in common/error-codes.ts). Problems found in
// the analysed code are not errors: they become diagnostics in the report.
import { CodedError } from '../common/coded-error.js';
import { formatProblemList, type ConfigProblem } from '../common/config-problem.js';

export type { ConfigProblem };

export type AnalyzerErrorCode = 'FICUS_ANALYZE_NO_DIR' | 'FICUS_ANALYZE_CONFIG_READ' | 'FICUS_ANALYZE_CONFIG_INVALID' | 'FICUS_ANALYZE_OUTPUT';

export class AnalyzerError extends CodedError<AnalyzerErrorCode> {}

/** A config that failed validation; the message names every problem on one line. */
export class AnalyzerConfigError extends AnalyzerError {
  readonly problems: readonly ConfigProblem[];
  constructor(source: string, problems: readonly ConfigProblem[]) {
    super('FICUS_ANALYZE_CONFIG_INVALID', `${source}: invalid config: ${formatProblemList(problems, '; ')}`, { problems });
    this.problems = problems;
  }
}

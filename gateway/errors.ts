// Errors thrown by the gateway's data plane and config loader. Tests assert on `code`, never on text.

export type GatewayErrorCode =
  | 'FICUS_CONFIG_INVALID' // the config file parsed but broke the schema or a cross-field rule
  | 'FICUS_CONFIG_READ' // the config file could not be read
  | 'FICUS_GATEWAY_LISTEN'; // a listening socket could not be opened

/** One problem found in a config, located by its path (`routes[3].match.path`). */
export interface ConfigProblem {
  path: string;
  message: string;
}

export class GatewayError extends Error {
  readonly code: GatewayErrorCode;
  constructor(code: GatewayErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GatewayError';
    this.code = code;
  }
}

/** A config that failed validation; `problems` lists every problem at once. */
export class ConfigInvalidError extends GatewayError {
  readonly problems: readonly ConfigProblem[];
  constructor(problems: readonly ConfigProblem[], source?: string) {
    super('FICUS_CONFIG_INVALID', `${source ? `${source}: ` : ''}invalid gateway config:\n${formatProblems(problems)}`);
    this.name = 'ConfigInvalidError';
    this.problems = problems;
  }
}

/** `routes[3].match.path: message`, one problem per line. */
export function formatProblems(problems: readonly ConfigProblem[]): string {
  return problems.map((p) => `  ${p.path ? `${p.path}: ` : ''}${p.message}`).join('\n');
}

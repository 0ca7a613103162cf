// Errors thrown by the gateway's data plane and config loader (codes in common/error-codes.ts).
import { CodedError } from '../common/coded-error.js';
import type { ConfigProblem } from '../common/config-problem.js';

export type { ConfigProblem };

export type GatewayErrorCode = 'FICUS_GATEWAY_CONFIG_INVALID' | 'FICUS_GATEWAY_CONFIG_READ' | 'FICUS_GATEWAY_LISTEN';

export class GatewayError extends CodedError<GatewayErrorCode> {}

/** A config that failed validation; `problems` lists every problem at once. */
export class ConfigInvalidError extends GatewayError {
  readonly problems: readonly ConfigProblem[];
  constructor(problems: readonly ConfigProblem[], source?: string) {
    super('FICUS_GATEWAY_CONFIG_INVALID', `${source ? `${source}: ` : ''}invalid gateway config:\n${formatProblems(problems)}`, { problems });
    this.problems = problems;
  }
}

/** `routes[3].match.path: message`, one problem per line. */
export function formatProblems(problems: readonly ConfigProblem[]): string {
  return problems.map((p) => `  ${p.path ? `${p.path}: ` : ''}${p.message}`).join('\n');
}

// Errors thrown by `ficus replay`, each with a stable code (tests assert on the code).
import { CodedError } from '../../common/coded-error.js';

export type ReplayErrorCode =
  | 'FICUS_REPLAY_FILE' // the file cannot be read, is not a replay file, or a line does not parse
  | 'FICUS_REPLAY_VERSION' // the file was written by a newer ficus
  | 'FICUS_REPLAY_UNKNOWN_ROUTE'; // the config has no such route

export class ReplayError extends CodedError<ReplayErrorCode> {}

// Errors thrown by the admin component (codes, statuses in common/error-codes.ts). The API also answers
// FICUS_ADMIN_UNAUTHORIZED, FICUS_ADMIN_FORBIDDEN and FICUS_ADMIN_UNAVAILABLE in its problem+json bodies.
import { CodedError } from '../../common/coded-error.js';

export type AdminErrorCode =
  | 'FICUS_ADMIN_INSECURE_BIND'
  | 'FICUS_ADMIN_UNKNOWN_ROUTE'
  | 'FICUS_ADMIN_INVALID_CHANGE'
  | 'FICUS_ADMIN_GUARD_REFUSED'
  | 'FICUS_ADMIN_SYNC_RUNNING'
  | 'FICUS_ADMIN_INVALID_RAMP'
  | 'FICUS_ADMIN_RAMP_CONFLICT'
  | 'FICUS_ADMIN_INVALID_FILTER'
  | 'FICUS_ADMIN_UNKNOWN_EXCHANGE'
  | 'FICUS_ADMIN_UNAUTHORIZED'
  | 'FICUS_ADMIN_FORBIDDEN'
  | 'FICUS_ADMIN_UNAVAILABLE';

export class AdminError extends CodedError<AdminErrorCode> {}

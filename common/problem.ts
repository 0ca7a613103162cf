// The one problem+json (RFC 9457) shape and writer, used by the proxy, the admin API and every service:
// `{ type, title, status, detail?, code?, requestId?, ... }`. `title` is the status's reason phrase,
// `detail` says what happened this time, `code` is a FICUS_* code when one was thrown.
import type { ServerResponse } from 'node:http';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface Problem {
  type?: string; // default about:blank
  title?: string; // default the status's reason phrase
  status: number;
  detail?: string;
  instance?: string;
  code?: string;
  requestId?: string;
  [extension: string]: unknown;
}

/** Writes `problem` (on a node or express response) unless an answer has already started. */
export function sendProblem(res: ServerResponse, problem: Problem, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const body = JSON.stringify({ type: 'about:blank', title: statusTitle(problem.status), ...problem });
  res.writeHead(problem.status, { ...headers, 'content-type': PROBLEM_CONTENT_TYPE, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** The standard reason phrase for a status, e.g. 501 → "Not Implemented". */
export function statusTitle(status: number): string {
  return STATUS_TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
}

const STATUS_TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

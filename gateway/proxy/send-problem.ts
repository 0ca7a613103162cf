import type { ServerResponse } from 'node:http';

export interface Problem {
  status: number;
  title: string;
  detail?: string;
  route: string | null;
  requestId: string;
}

/** Writes a small RFC 9457 `application/problem+json` body naming the route. */
export function sendProblem(res: ServerResponse, problem: Problem, extraHeaders: Record<string, string> = {}): void {
  const body = JSON.stringify({ type: 'about:blank', ...problem });
  res.writeHead(problem.status, {
    'content-type': 'application/problem+json',
    'content-length': Buffer.byteLength(body),
    'x-request-id': problem.requestId,
    ...extraHeaders,
  });
  res.end(body);
}

// Errors as one JSON line on stderr; LOG_LEVEL=silent turns them off (tests).
export function logError(msg: string, fields: Record<string, unknown> = {}): void {
  if (process.env.LOG_LEVEL === 'silent') return;
  process.stderr.write(`${JSON.stringify({ level: 'error', time: new Date().toISOString(), msg, ...fields })}\n`);
}

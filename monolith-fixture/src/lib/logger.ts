// One JSON line per event on stderr; LOG_LEVEL=silent|error|info (default info).
const levels = { silent: 0, error: 1, info: 2 } as const;
type Level = keyof typeof levels;

function threshold(): number {
  const wanted = (process.env.LOG_LEVEL ?? 'info') as Level;
  return levels[wanted] ?? levels.info;
}

export function logInfo(msg: string, fields: Record<string, unknown> = {}): void {
  if (threshold() >= levels.info) process.stderr.write(`${JSON.stringify({ level: 'info', time: new Date().toISOString(), msg, ...fields })}\n`);
}

export function logError(msg: string, fields: Record<string, unknown> = {}): void {
  if (threshold() >= levels.error) process.stderr.write(`${JSON.stringify({ level: 'error', time: new Date().toISOString(), msg, ...fields })}\n`);
}

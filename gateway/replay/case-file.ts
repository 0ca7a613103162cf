// Reads and writes replay files (JSON Lines). A file from a newer format version, a broken line or
// a case that does not fit the schema is an error naming the line, never a silent skip.
import { ReplayError } from './errors.js';
import { REPLAY_FORMAT, REPLAY_VERSION, replayCaseSchema, replayHeaderSchema, type ReplayCase, type ReplayHeader } from './replay-case.js';

/** The file's text: header line, then one case per line. */
export function formatCaseFile(header: ReplayHeader, cases: readonly ReplayCase[]): string {
  return [header, ...cases].map((line) => JSON.stringify(line)).join('\n') + '\n';
}

/** Parses a replay file; throws FICUS_REPLAY_VERSION for a newer format and FICUS_REPLAY_FILE with every bad line. */
export function parseCaseFile(text: string, source: string): { header: ReplayHeader; cases: ReplayCase[] } {
  const lines = text.split('\n').map((l, i) => ({ n: i + 1, l: l.trim() })).filter((x) => x.l !== '');
  if (lines.length === 0) throw new ReplayError('FICUS_REPLAY_FILE', `${source}: empty (expected a ${REPLAY_FORMAT} header line)`);
  const first = parseJson(lines[0].l);
  const format = (first as { format?: unknown } | undefined)?.format;
  const version = (first as { version?: unknown } | undefined)?.version;
  if (format !== REPLAY_FORMAT) throw new ReplayError('FICUS_REPLAY_FILE', `${source}: line 1 is not a ${REPLAY_FORMAT} header (made by ficus replay export?)`);
  if (typeof version === 'number' && version > REPLAY_VERSION) {
    throw new ReplayError('FICUS_REPLAY_VERSION', `${source}: format version ${version} is newer than this ficus reads (${REPLAY_VERSION}); upgrade ficus`);
  }
  const header = replayHeaderSchema.safeParse(first);
  if (!header.success) throw new ReplayError('FICUS_REPLAY_FILE', `${source}: line 1: ${describe(header.error.issues)}`);
  const problems: string[] = [];
  const cases: ReplayCase[] = [];
  for (const { n, l } of lines.slice(1)) {
    const parsed = replayCaseSchema.safeParse(parseJson(l));
    if (parsed.success) cases.push(parsed.data);
    else problems.push(`line ${n}: ${describe(parsed.error.issues)}`);
  }
  if (problems.length > 0) throw new ReplayError('FICUS_REPLAY_FILE', `${source}: ${problems.length} bad case(s):\n  ${problems.slice(0, 20).join('\n  ')}`);
  return { header: header.data, cases };
}

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined; // reported by the schema as "expected object"
  }
}

function describe(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  return issues.map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`).join('; ');
}

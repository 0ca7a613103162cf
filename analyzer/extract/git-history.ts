// `--history`: change coupling from git, in the manner of code-maat. Two modules that keep changing in
// the same commits belong together even when no import says so. Runs `git log --numstat`.
import { spawn } from 'node:child_process';
import type { CoChange, Diagnostic, Facts } from '../types.js';

export interface HistoryOptions {
  maxChangesetSize?: number; // commits touching more files are ignored (sweeping renames, formatting); default 30
  minRevisions?: number; // both modules changed at least this often; default 5
  minSharedRevisions?: number; // changed together at least this often; default 3
  minDegree?: number; // shared revisions over average revisions, 0..1; default 0.3
  since?: string; // `git log --since`, e.g. "12 months ago"
  files?: ReadonlySet<string>; // only these paths (the analysed modules) are counted
}

export interface History {
  coChanges: CoChange[];
  commits: number; // commits read (huge ones included)
  diagnostics: Diagnostic[];
}

/** Reads the history of `root` (a git work tree or a folder inside one); paths are relative to `root`. */
export async function extractCoChanges(root: string, options: HistoryOptions = {}): Promise<History> {
  const args = ['-C', root, 'log', '--numstat', '--no-renames', '--relative', '--format=--%H'];
  if (options.since) args.push(`--since=${options.since}`);
  const run = await runGit(args);
  if (run.code !== 0) {
    const reason = run.stderr.split('\n').find(Boolean) ?? `git exited with ${run.code}`;
    return { coChanges: [], commits: 0, diagnostics: [{ file: '', code: 'NO_HISTORY', message: `--history needs a git work tree: ${reason}` }] };
  }
  const commits = parseNumstat(run.stdout);
  const history = computeCoChanges(commits, options);
  // A folder git does not track (untracked, ignored, or a snapshot copied in) has no history to weigh.
  if (!commits.some((files) => files.length > 0)) history.diagnostics.push({ file: '', code: 'NO_HISTORY', message: '--history found no commits touching this folder in git; co-change was not used' });
  return history;
}

/** Splits `git log --numstat --format=--%H` output into the files of each commit. */
export function parseNumstat(output: string): string[][] {
  const commits: string[][] = [];
  for (const line of output.split('\n')) {
    if (line.startsWith('--')) commits.push([]);
    else if (line.trim() && commits.length > 0) {
      const parts = line.split('\t'); // added, deleted ("-" for binary files), path
      if (parts.length >= 3) commits[commits.length - 1].push(parts.slice(2).join('\t'));
    }
  }
  return commits;
}

/** code-maat's coupling: degree = shared revisions / mean(revisions of a, revisions of b). */
export function computeCoChanges(commits: string[][], options: HistoryOptions = {}): History {
  const maxSize = options.maxChangesetSize ?? 30;
  const minRevs = options.minRevisions ?? 5;
  const minShared = options.minSharedRevisions ?? 3;
  const minDegree = options.minDegree ?? 0.3;
  const revisions = new Map<string, number>();
  const shared = new Map<string, number>();
  for (const all of commits) {
    if (all.length > maxSize) continue;
    const files = [...new Set(options.files ? all.filter((f) => options.files!.has(f)) : all)].sort();
    for (const f of files) revisions.set(f, (revisions.get(f) ?? 0) + 1);
    for (let i = 0; i < files.length; i++) {
      for (let j = i + 1; j < files.length; j++) {
        const key = `${files[i]}\0${files[j]}`;
        shared.set(key, (shared.get(key) ?? 0) + 1);
      }
    }
  }
  const coChanges: CoChange[] = [];
  for (const [key, n] of shared) {
    const [a, b] = key.split('\0');
    const ra = revisions.get(a)!;
    const rb = revisions.get(b)!;
    if (n < minShared || ra < minRevs || rb < minRevs) continue;
    const degree = n / ((ra + rb) / 2);
    if (degree >= minDegree) coChanges.push({ a, b, sharedRevisions: n, degree: Math.round(degree * 1000) / 1000 });
  }
  coChanges.sort((x, y) => y.degree - x.degree || x.a.localeCompare(y.a) || x.b.localeCompare(y.b));
  return { coChanges, commits: commits.length, diagnostics: [] };
}

function runGit(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('git', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (err) => resolve({ code: -1, stdout: '', stderr: `cannot run git: ${err.message}` }));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout: Buffer.concat(out).toString('utf8'), stderr }));
  });
}

/** Facts with co-change coupling from git added (`--history`); a missing repository becomes a diagnostic. */
export async function addCoChanges(facts: Facts, options: HistoryOptions = {}): Promise<Facts> {
  const history = await extractCoChanges(facts.root, { files: new Set(facts.modules.map((m) => m.path)), ...options });
  return { ...facts, coChanges: history.coChanges, diagnostics: [...facts.diagnostics, ...history.diagnostics] };
}

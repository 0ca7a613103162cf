// Components the demo runs as processes of their own: started, awaited until they say where they listen,
// logged to a file, stopped with SIGTERM (SIGKILL after a grace period), and killed when the demo exits
// in any way, so nothing is left running.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { DemoError } from './errors.js';
import { packageRoot, entryCommand } from './paths.js';

export interface RunningChild {
  name: string;
  pid: number;
  url: string;
  logFile: string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves to how it ended. */
  stop(graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface StartChildOptions {
  name: string;
  /** Module path without extension, e.g. `monolith-fixture/src/server`. */
  module: string;
  env: Record<string, string>;
  logFile: string;
  /** Finds the URL the child listens on in one line of its output, or undefined. */
  readUrl: (line: string) => string | undefined;
  timeoutMs?: number;
}

// Generous: from source each child compiles through tsx, and CI machines are shared.
const START_TIMEOUT_MS = 120_000;

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

// Last resort on any exit (an uncaught error, process.exit): a signal is sent synchronously.
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

/** Starts a component and resolves once it has printed the URL it listens on. */
export function startChild(options: StartChildOptions): Promise<RunningChild> {
  installExitHook();
  const { command, args } = entryCommand(options.module);
  const child = spawn(command, args, { cwd: packageRoot, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    });
  });
  const log = createWriteStream(options.logFile);
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  void exited.then(() => log.end());

  const stop = async (graceMs = 5000) => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    }
    return exited;
  };

  return new Promise((resolve, reject) => {
    let tail = '';
    let buffered = '';
    const timer = setTimeout(() => {
      void stop(0);
      reject(new DemoError('FICUS_DEMO_CHILD', `${options.name} did not report a listening URL within ${(options.timeoutMs ?? START_TIMEOUT_MS) / 1000} s (log: ${options.logFile})`));
    }, options.timeoutMs ?? START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        tail = `${tail}\n${line}`.slice(-600);
        const url = options.readUrl(line);
        if (url) {
          clearTimeout(timer);
          child.stdout!.off('data', onData);
          child.stderr!.off('data', onData);
          resolve({ name: options.name, pid: child.pid!, url, logFile: options.logFile, stop });
          return;
        }
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new DemoError('FICUS_DEMO_CHILD', `${options.name} could not start: ${err.message}`, {}, { cause: err }));
    });
    // 'close' rather than 'exit': by then its last words on stderr have been read.
    child.once('close', (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer);
      reject(new DemoError('FICUS_DEMO_CHILD', `${options.name} exited (${signal ?? `code ${code}`}) before listening: ${tail.trim().split('\n').slice(-3).join(' | ')}`));
    });
  });
}

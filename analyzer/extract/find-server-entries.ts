// Where the server starts: package.json `main`, `bin`, `scripts.start`/`serve`, and files that call
// `listen(` or `createServer(`. Seams are only suggested among modules reached from these; the rest
// (bundler configs, release scripts, a frontend) is listed as not reached, never a seam.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from './typescript.cjs';
import type { EntryPoint } from '../types.js';
import type { FileIndex } from './index-file.js';
import { SOURCE_EXTENSIONS } from './list-sources.js';

const START_SCRIPTS = ['start', 'serve'];
// Runners whose next argument is the script they start (`node server/server.js`, `tsx src/main.ts`).
const RUNNERS = /^(node|nodemon|ts-node|ts-node-dev|tsx|babel-node|pm2|forever|bun)$/;
// Compiled output a start script points at; the sources live in the same place without it, or in src/.
const OUTPUT_DIRS = /^(build|dist|out|lib)\//;
const TEST_FILE = /(^|\/)(__tests__|tests?|spec|e2e)\/|\.(test|spec)\.[cm]?[jt]sx?$/;

/** Detected entry points, each with why; `files` are the parsed sources by absolute path. */
export function findServerEntries(root: string, files: ReadonlyMap<string, FileIndex>): EntryPoint[] {
  const known = new Set([...files.values()].map((f) => f.rel));
  const entries = new Map<string, string>();
  const add = (file: string | undefined, why: string) => {
    if (file && !entries.has(file)) entries.set(file, why);
  };
  const pkg = readPackageJson(root);
  if (pkg) {
    if (typeof pkg.main === 'string') add(resolveScriptPath(pkg.main, known), 'package.json main');
    const bins = typeof pkg.bin === 'string' ? { [String(pkg.name ?? 'bin')]: pkg.bin } : isRecord(pkg.bin) ? pkg.bin : {};
    for (const [name, file] of Object.entries(bins)) if (typeof file === 'string') add(resolveScriptPath(file, known), `package.json bin ${name}`);
    const scripts = isRecord(pkg.scripts) ? pkg.scripts : {};
    for (const name of START_SCRIPTS) {
      const script = scripts[name];
      if (typeof script !== 'string') continue;
      for (const file of scriptTargets(script)) add(resolveScriptPath(file, known), `package.json scripts.${name}`);
    }
  }
  for (const file of [...files.values()].sort((a, b) => a.rel.localeCompare(b.rel))) {
    if (TEST_FILE.test(file.rel)) continue; // a test's `app.listen(0)` starts no production server
    const call = findListenCall(file.sf);
    if (call) add(file.rel, `calls ${call}(`);
  }
  return [...entries].map(([file, why]) => ({ file, why }));
}

/** The files a start script runs: the argument after each runner (`node --watch server.js` → server.js). */
function scriptTargets(script: string): string[] {
  const out: string[] = [];
  for (const command of script.split(/&&|\|\||;|\|/)) {
    const words = command.trim().split(/\s+/);
    const at = words.findIndex((w) => RUNNERS.test(w));
    if (at < 0) continue;
    const target = words.slice(at + 1).find((w) => !w.startsWith('-') && !/^(start|run)$/.test(w));
    if (target) out.push(target);
  }
  return out;
}

/** A path from package.json to a source module: as is, with an extension, as a folder's index, or out of build/. */
function resolveScriptPath(spec: string, known: ReadonlySet<string>): string | undefined {
  const clean = path.posix.normalize(spec.replace(/\\/g, '/')).replace(/^\.\//, '').replace(/\/$/, '');
  const bases = [clean];
  if (OUTPUT_DIRS.test(clean)) {
    const rest = clean.replace(OUTPUT_DIRS, '');
    bases.push(rest, `src/${rest}`);
  }
  for (const base of bases) {
    const stem = base.replace(/\.[cm]?js$/, '');
    const candidates = [base, ...SOURCE_EXTENSIONS.map((e) => stem + e), ...SOURCE_EXTENSIONS.map((e) => `${base}/index${e}`)];
    const hit = candidates.find((c) => known.has(c));
    if (hit) return hit;
  }
  return undefined;
}

/** `app.listen(...)`, `server.listen(...)`, `http.createServer(...)` anywhere in the file. */
function findListenCall(sf: ts.SourceFile): string | undefined {
  if (!/\blisten\s*\(|createServer\s*\(/.test(sf.text)) return undefined; // cheap skip for most files
  let found: string | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
      if (name === 'createServer' || (name === 'listen' && ts.isPropertyAccessExpression(callee))) {
        found = name;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

function readPackageJson(root: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined; // no package.json (or not JSON): entries come from listen() calls alone
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Tiny fixture trees written to a temp folder, one scenario each, and the facts ficus extracts.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { parseAnalyzerConfig } from '../../../analyzer/config.js';
import { extractFacts } from '../../../analyzer/extract/extract-facts.js';
import type { Facts } from '../../../analyzer/types.js';

const made: string[] = [];
const removeMade = () => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
};
// The analyzer's test files share one module graph (isolate: false in vitest.config.ts), so this module
// runs once per worker: afterAll cleans up after the first file, the exit hook after the others.
afterAll(removeMade);
process.once('exit', removeMade);

/** Writes `files` (relative path → content) under a new temp folder and returns it. */
export function writeTree(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ficus-tree-'));
  made.push(dir);
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}

/** Extracts facts from a tiny tree, with an optional ficus.config.yaml object. */
export async function extractTree(files: Record<string, string | Buffer>, config: unknown = {}): Promise<Facts> {
  return extractFacts(writeTree(files), { config: parseAnalyzerConfig(config, 'test') });
}

/** `{ "src/a.ts": ["orders:rw", "users:r"] }`: a compact view of per-module table access. */
export function tableAccess(facts: Facts): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const m of facts.modules) {
    if (m.tables.length) out[m.path] = m.tables.map((t) => `${t.table}:${t.read ? 'r' : ''}${t.write ? 'w' : ''}`);
  }
  return out;
}

/** `["GET /api/x src/a.ts"]`, sorted. */
export function routeList(facts: Facts): string[] {
  return facts.routes.map((r) => `${r.method} ${r.path} ${r.file}`).sort();
}

export function codes(facts: Facts): string[] {
  return facts.diagnostics.map((d) => `${d.code} ${d.file}${d.line ? `:${d.line}` : ''}`);
}

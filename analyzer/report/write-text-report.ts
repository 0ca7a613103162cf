// Writes one text report (Markdown, HTML, the gateway draft) into the output folder.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AnalyzerError } from '../errors.js';

/** Writes `<outDir>/<name>` and returns its path; throws FICUS_ANALYZE_OUTPUT when it cannot. */
export function writeTextReport(outDir: string, name: string, text: string): string {
  const file = path.join(outDir, name);
  try {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(file, text);
  } catch (cause) {
    throw new AnalyzerError('FICUS_ANALYZE_OUTPUT', `cannot write ${file}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`, {}, { cause });
  }
  return file;
}

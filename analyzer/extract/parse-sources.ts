// Parses sources with ts-morph (syntax only: no type checker, no dependency resolution) and turns
// syntax errors into PARSE_ERROR diagnostics. The TypeScript parser recovers, so a file with an
// error still yields what it can.
import { Project, ts } from 'ts-morph';
import type { Diagnostic } from '../types.js';
import type { SourceFile } from './list-sources.js';

export interface ParsedSource {
  source: SourceFile;
  sf: ts.SourceFile;
}

/** One ts-morph Project for the whole tree; files are added from the texts already read. */
export function parseSources(sources: readonly SourceFile[]): { parsed: ParsedSource[]; diagnostics: Diagnostic[] } {
  const project = new Project({
    skipFileDependencyResolution: true,
    skipAddingFilesFromTsConfig: true,
    skipLoadingLibFiles: true,
    compilerOptions: { noResolve: true, allowJs: true, noLib: true },
  });
  const parsed: ParsedSource[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const source of sources) {
    try {
      const sf = project.createSourceFile(source.abs, source.text, { overwrite: true }).compilerNode;
      const errors = (sf as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
      if (errors.length) {
        const first = errors[0];
        diagnostics.push({
          file: source.rel,
          line: sf.getLineAndCharacterOfPosition(first.start).line + 1,
          code: 'PARSE_ERROR',
          message: `${ts.flattenDiagnosticMessageText(first.messageText, ' ').replace(/\.$/, '')}${errors.length > 1 ? ` (and ${errors.length - 1} more syntax errors)` : ''}; facts from this file may be incomplete`,
        });
      }
      parsed.push({ source, sf });
    } catch (err) {
      diagnostics.push({ file: source.rel, code: 'PARSE_ERROR', message: `cannot parse: ${(err as Error).message.split('\n')[0]}` });
    }
  }
  return { parsed, diagnostics };
}

// Parses sources with the TypeScript parser alone (syntax only: no Program, no type checker, no
// dependency resolution, no ts-morph wrappers) and turns syntax errors into PARSE_ERROR diagnostics.
// The parser recovers, so a file with an error still yields what it can. JSDoc is not parsed: no
// extractor reads it, and it is a good part of the parse time of JavaScript code.
import ts from './typescript.cjs';
import type { Diagnostic } from '../types.js';
import type { SourceFile } from './list-sources.js';

export interface ParsedSource {
  source: SourceFile;
  sf: ts.SourceFile;
}

/** Parses every source from the text already read; parent pointers set (the extractors walk upwards). */
export function parseSources(sources: readonly SourceFile[]): { parsed: ParsedSource[]; diagnostics: Diagnostic[] } {
  const parsed: ParsedSource[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const source of sources) {
    try {
      const text = source.text.charCodeAt(0) === 0xfeff ? source.text.slice(1) : source.text; // a BOM is no token
      const sf = ts.createSourceFile(source.abs, text, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, true);
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

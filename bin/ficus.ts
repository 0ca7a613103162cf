#!/usr/bin/env node
// The one ficus command: parses arguments and hands over to analyzer/, gateway/ or services/.
import { createProgram } from './program.js';

const program = createProgram();
program.parseAsync(process.argv).catch((err: unknown) => {
  const e = err as { code?: string; message?: string; exitCode?: number };
  process.stderr.write(`ficus: ${e.message ?? String(err)}${e.code ? ` (${e.code})` : ''}\n`);
  process.exit(typeof e.exitCode === 'number' ? e.exitCode : 1);
});

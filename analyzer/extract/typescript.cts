// The TypeScript compiler, for the analyzer's parsing and module resolution. Loaded through this
// CommonJS module rather than `import ts from 'typescript'`: an ES import of a CommonJS package makes
// node scan its source for export names first, and for TypeScript's 9 MB bundle that scan costs
// about a second of CPU on every run; `require` does not scan. (vitest, which does not load `.cts`,
// maps this module to 'typescript' itself: vitest.config.ts.)
import ts = require('typescript');
export = ts;

// Child process: madge alone over a tree, with the same settings ficus uses. Prints {ms, maxRssKb}.
// madge is loaded inside the timed span, as ficus loads it in its worker inside its own.
import { SOURCE_EXTENSIONS } from '../../analyzer/extract/list-sources.js';
import { findTsConfig } from '../../analyzer/extract/resolve-import.js';

const dir = process.argv[2];
const tsConfig = findTsConfig(dir);
const started = performance.now();
const { default: madge } = await import('madge');
const result = await madge(dir, {
  baseDir: dir,
  fileExtensions: SOURCE_EXTENSIONS.map((e) => e.slice(1)),
  ...(tsConfig ? { tsConfig } : {}), // as ficus: the nearest one, none for a JavaScript tree without (kutt, wiki)
  detectiveOptions: { ts: { skipTypeImports: true }, tsx: { skipTypeImports: true }, es6: { skipTypeImports: true } },
});
result.circular();
const ms = performance.now() - started;
process.stdout.write(JSON.stringify({ ms, maxRssKb: process.resourceUsage().maxRSS, modules: Object.keys(result.obj()).length }) + '\n');

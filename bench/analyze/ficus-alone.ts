// Child process: `ficus analyze` (the whole pipeline, every report) over a tree. Prints {ms, maxRssKb}.
import { analyze } from '../../analyzer/analyze.js';

const [dir, outDir] = process.argv.slice(2);
const started = performance.now();
const { report } = await analyze({ dir, outDir });
const ms = performance.now() - started;
process.stdout.write(JSON.stringify({ ms, maxRssKb: process.resourceUsage().maxRSS, modules: report.modules.length, routes: report.routes.length }) + '\n');

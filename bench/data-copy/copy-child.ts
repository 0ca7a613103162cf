// Child process: one `ficus data copy` (copy + verify) of products and categories. Prints {ms, maxRssKb, rows}.
import { copyTables } from '../../services/data-copy/copy-tables.js';

const [from, to, batch] = process.argv.slice(2);
const report = await copyTables({ from, to, tables: ['products', 'categories'], batch: Number(batch) });
if (!report.ok) throw new Error('verification failed');
const rows = report.copied.reduce((n, t) => n + t.rows, 0);
process.stdout.write(JSON.stringify({ ms: report.ms, maxRssKb: process.resourceUsage().maxRSS, rows }) + '\n');

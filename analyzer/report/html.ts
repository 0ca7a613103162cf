// ficus-report.html: one self-contained page (cytoscape inlined, no CDN, works offline). Seams first (seams
// as nodes sized by modules, edges by imports, a seam's facts on click), then one seam's modules and
// tables, or every module grouped by seam; the seams × tables matrix, the DSM and the seam table below.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Report } from '../types.js';
import { compareMetric, METRICS } from './describe-metrics.js';
import { esc, renderDsm, renderTableMatrix } from './html-matrices.js';
import { HTML_SCRIPT } from './html-script.js';
import { HTML_STYLE } from './html-template.js';

let cytoscapeSource: string | undefined;

/** Reads cytoscape's browser build from node_modules once (it is a runtime dependency). */
function readCytoscape(): string {
  cytoscapeSource ??= readFileSync(createRequire(import.meta.url).resolve('cytoscape/dist/cytoscape.min.js'), 'utf8');
  return cytoscapeSource;
}

/** Renders the whole page as one string: `writeFile('ficus-report.html', renderHtml(report))`. */
export function renderHtml(report: Report): string {
  const seams = [...report.seams].sort((a, b) => a.extractionOrder - b.extractionOrder);
  const data = {
    seams: seams.map((s) => ({
      id: s.id,
      extractionOrder: s.extractionOrder,
      modules: s.modules,
      routes: s.routes,
      handlers: s.handlers ?? [],
      ownedTables: s.ownedTables,
      sharedTables: s.sharedTables,
      dependsOn: s.dependsOn,
      dependedOnBy: s.dependedOnBy,
      why: s.why,
    })),
    modules: report.modules.map((m) => ({ path: m.path, loc: m.loc, seam: m.seam, imports: m.imports, tables: m.tables })),
    tables: report.tables,
    routes: report.routes.map((r) => ({ method: r.method, path: r.path, file: r.file, line: r.line })),
  };
  const top = seams[0];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>ficus report: ${esc(report.root)}</title>
<style>${HTML_STYLE}</style>
</head>
<body>
<header>
<h1>ficus report: ${esc(report.root)}</h1>
<p>${report.stats.modules} modules, ${report.stats.tables} tables, ${report.stats.routes} routes → ${seams.length} suggested seams.${
    top ? ` Extract <strong>${esc(top.id)}</strong> first (ranked 1 of ${seams.length}): ${formatWhy(top.why)}` : ''
  }</p>${report.tangle ? `\n<p class="tangle">${formatWhy(report.tangle)}</p>` : ''}
</header>
<main>
<nav id="filters" aria-label="filter by seam"></nav>
<div id="view">
<div id="toolbar"><button type="button" id="show-seams">Seams</button><button type="button" id="show-all">All modules</button><span id="crumb"></span></div>
<div id="graph" role="img" aria-label="seams and their modules"></div>
</div>
<aside id="details"><p class="muted">Seams are drawn first: a node per seam, sized by its modules, an edge per pair of seams that import each other (thicker: more imports). Click a seam for its facts; open it for its modules and tables. Dashed edges are table reads (blue) and writes (red).</p></aside>
</main>
<section>
<h2>Seams, cheapest to extract first</h2>
<table id="seam-table">
<thead><tr><th>#</th><th>seam</th><th>modules</th><th>routes</th><th>owned tables</th><th>shared tables (writers)</th><th>depends on</th><th>depended on by</th><th>why</th></tr></thead>
<tbody>
${seams
  .map(
    (s) => `<tr data-seam-row="${esc(s.id)}"><td>${s.extractionOrder}</td><td><strong>${esc(s.id)}</strong></td><td>${s.modules.length}</td><td>${s.routes.length}</td>` +
      `<td>${esc(s.ownedTables.join(', ')) || '–'}</td>` +
      `<td>${s.sharedTables.map((t) => `${esc(t.table)} (${esc(t.writers.join(', ') || 'read only')})`).join(', ') || '–'}</td>` +
      `<td>${esc(s.dependsOn.map((d) => `${d.seam} ×${d.edges}`).join(', ')) || '–'}</td>` +
      `<td>${esc(s.dependedOnBy.map((d) => `${d.seam} ×${d.edges}`).join(', ')) || '–'}</td>` +
      `<td>${formatWhy(s.why)}</td></tr>`,
  )
  .join('\n')}
</tbody>
</table>
</section>
${renderTableMatrix(report, seams)}
${renderDsm(seams)}
${renderMetrics(report)}
${report.infrastructure?.length ? `<section><h2>Infrastructure (set aside)</h2><ul>${report.infrastructure.map((p) => `<li><code>${esc(p)}</code>${report.infrastructureWhy?.[p] ? `: ${esc(report.infrastructureWhy[p])}` : ''}</li>`).join('')}</ul></section>` : ''}
<script id="ficus-data" type="application/json">${jsonForScript(data)}</script>
<script>${readCytoscape().replace(/<\/script/gi, '<\\/script')}</script>
<script>${HTML_SCRIPT}</script>
</body>
</html>
`;
}

function renderMetrics(report: Report): string {
  const folders = report.folderMetrics ?? {};
  const rows = METRICS.filter((m) => report.metrics[m.key] !== undefined).map((m) => {
    const a = report.metrics[m.key];
    const b = folders[m.key];
    const winner = b === undefined ? '' : compareMetric(m, a, b);
    return `<tr><td title="${esc(m.formula)}">${esc(m.name)}</td><td>${m.better}</td><td>${a}</td><td>${b ?? '–'}</td><td>${winner === '=' ? 'tie' : winner}</td></tr>`;
  });
  return `<section><h2>Suggested seams vs one seam per top-level folder</h2><table id="metrics-table"><thead><tr><th>metric</th><th>better</th><th>suggested</th><th>folder split</th><th>winner</th></tr></thead><tbody>${rows.join('')}</tbody></table><p class="muted">Hover a metric for its formula; the Markdown report spells them all out.</p></section>`;
}

/** JSON safe inside a <script> element: no `</script>`, no `<!--`, no line separators. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** The ranking sentence marks table names with backticks, as Markdown does. */
function formatWhy(why: string): string {
  return esc(why).replace(/`([^`]+)`/g, '<code>$1</code>');
}

// ficus-report.md: a summary a tech lead reads in five minutes, then the details. Formats the report
// only; every number here is already in ficus-report.json.
import type { Report, ReportSeam } from '../types.js';
import { compareMetric, METRICS } from './describe-metrics.js';

/** Renders the Markdown report: `writeFile('ficus-report.md', renderMarkdown(report))`. */
export function renderMarkdown(report: Report): string {
  const seams = [...report.seams].sort((a, b) => a.extractionOrder - b.extractionOrder);
  return [
    `# ficus report: ${report.root}`,
    '',
    `${report.stats.modules} modules, ${report.stats.tables} tables, ${report.stats.routes} routes → **${seams.length} suggested seams**` +
      `${report.infrastructure?.length ? `, ${report.infrastructure.length} infrastructure modules set aside ([why](#infrastructure-set-aside))` : ''}${report.unreached?.length ? `, ${report.unreached.length} not reached from a server entry point ([list](#not-reached-from-a-server-entry-point))` : ''}. Generated ${report.generatedAt}.`,
    '',
    ...renderSummary(report, seams),
    ...renderComparison(report),
    ...renderDataToSplit(seams),
    ...renderWarnings(report),
    '## Seams in detail',
    '',
    ...seams.flatMap((s) => renderSeam(s, seams.length)),
    ...renderInfrastructure(report),
    ...renderEntryPoints(report),
    ...renderTables(report),
    ...renderFormulas(report),
    ...renderCycles(report),
    ...renderDiagnostics(report),
    '## Next steps',
    '',
    '1. Review the first seam above; pin misplaced files with `pins` in `ficus.config.yaml` and re-run `ficus analyze`.',
    '2. Start the gateway with `gateway.draft.yaml` (every route in `monolith` mode), then move routes to `shadow` once the service runs.',
    '3. In CI, run `ficus check <dir> --plan ficus-report.json` so no new import or table access crosses a seam while you migrate.',
    '',
  ].join('\n');
}

function renderSummary(report: Report, seams: ReportSeam[]): string[] {
  const first = seams[0];
  if (!first) return ['## Summary', '', 'No seams: the analysed tree has no modules outside infrastructure.', ''];
  const lines = [
    '## Summary',
    '',
    `**Extract \`${first.id}\` first.** ${rankLine(first, seams.length)}`,
    '',
    ...(report.tangle ? [`> ${report.tangle}`, ''] : []),
    '| # | seam | modules | routes | owned tables | shared tables | used by (imports) | why |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const s of seams) {
    const inbound = s.dependedOnBy.reduce((n, d) => n + d.edges, 0);
    lines.push(
      `| ${s.extractionOrder} | **${s.id}** | ${s.modules.length} | ${s.routes.length} | ${s.ownedTables.length} | ${s.sharedTables.length} | ${inbound} | ${cell(s.why)} |`,
    );
  }
  lines.push('');
  return lines;
}

function renderComparison(report: Report): string[] {
  const folders = report.folderMetrics;
  const lines = ['## Suggested seams vs one seam per top-level folder', ''];
  if (!folders) return [...lines, 'The folder split was not measured.', ''];
  lines.push('| metric | better | suggested | folder split | winner |', '|---|---|---|---|---|');
  lines.push(`| seams | | ${report.metrics.seams ?? report.seams.length} | ${folders.seams ?? '?'} | |`);
  let wins = 0;
  for (const m of METRICS) {
    const a = report.metrics[m.key];
    const b = folders[m.key];
    if (a === undefined || b === undefined) continue;
    const winner = compareMetric(m, a, b);
    if (winner === 'suggested') wins++;
    lines.push(`| ${m.name} | ${m.better} | ${fmt(a)} | ${fmt(b)} | ${winner === '=' ? 'tie' : winner === 'suggested' ? '**suggested**' : 'folders'} |`);
  }
  const icpA = report.metrics.icp;
  const icpB = folders.icp;
  lines.push('');
  if (icpA !== undefined && icpB !== undefined) {
    lines.push(
      icpA < icpB
        ? `The suggestion cuts less coupling than the folders do (ICP ${pct(icpA)} vs ${pct(icpB)}) and wins ${wins} of ${METRICS.length} metrics.`
        : `The folders already cut as little coupling as the suggestion (ICP ${pct(icpB)} vs ${pct(icpA)}): the folder structure is a good seam map; consider pinning folders.`,
      '',
    );
  }
  return lines;
}

function renderDataToSplit(seams: ReportSeam[]): string[] {
  const rows = seams.slice(0, 3).flatMap((s) =>
    s.sharedTables.map((t) => `| ${s.extractionOrder}. ${s.id} | \`${t.table}\` | ${t.with.join(', ')} | ${t.writers.join(', ') || 'none (read only)'} |`),
  );
  if (rows.length === 0) return [];
  return [
    '## Data to split before extracting the first seams',
    '',
    'Tables the top-ranked seams share with others; a table written by more than one seam must get one owner (or an API) before the seam can leave.',
    '',
    '| seam | table | also used by | written by |',
    '|---|---|---|---|',
    ...rows,
    '',
  ];
}

function renderInfrastructure(report: Report): string[] {
  if (!report.infrastructure?.length) return [];
  return [
    '## Infrastructure (set aside)',
    '',
    'Hubs, shared libraries and tooling, kept out of the clustering so that they do not glue every seam together; an extracted service gets its own copy, a shared package, or nothing of them.',
    '',
    ...groupByReason(report).map(([why, paths]) => `- ${capitalise(why || 'set aside')}${paths.length > 1 ? ` (${paths.length})` : ''}: ${paths.map((p) => `\`${p}\``).join(', ')}`),
    '',
  ];
}

function renderEntryPoints(report: Report): string[] {
  const entries = report.entryPoints ?? [];
  const unreached = report.unreached ?? [];
  if (entries.length === 0 && unreached.length === 0) return [];
  const lines = ['## Server entry points', ''];
  lines.push(entries.length ? entries.map((e) => `- \`${e.file}\` (${e.why})`).join('\n') : '- none found: every module was analysed (set `entry` in `ficus.config.yaml`)', '');
  if (unreached.length) {
    lines.push(
      '### Not reached from a server entry point',
      '',
      `${unreached.length} module${unreached.length === 1 ? '' : 's'} no entry point imports (frontend, build and release scripts, configs, tests, migrations): never a seam, never ranked.`,
      '',
      ...groupByFolder(unreached).map(([folder, paths]) => `- \`${folder}\` (${paths.length}): ${paths.slice(0, 8).map((p) => `\`${p}\``).join(', ')}${paths.length > 8 ? ` and ${paths.length - 8} more` : ''}`),
      '',
    );
  }
  return lines;
}

function groupByFolder(paths: string[]): [string, string[]][] {
  const groups = new Map<string, string[]>();
  for (const p of paths) {
    const folder = p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '.';
    groups.set(folder, [...(groups.get(folder) ?? []), p]);
  }
  return [...groups];
}

/** Modules set aside for the same reason share one line (twenty seeds make one line, not twenty). */
function groupByReason(report: Report): [string, string[]][] {
  const groups = new Map<string, string[]>();
  for (const p of report.infrastructure ?? []) {
    const why = report.infrastructureWhy?.[p] ?? '';
    groups.set(why, [...(groups.get(why) ?? []), p]);
  }
  return [...groups];
}

function renderWarnings(report: Report): string[] {
  const warnings: string[] = [];
  if (report.cycles.length > 0) warnings.push(`- ${report.cycles.length} import cycle${report.cycles.length === 1 ? '' : 's'} (see [Cycles](#cycles)).`);
  const byCode = new Map<string, number>();
  for (const d of report.diagnostics) byCode.set(d.code, (byCode.get(d.code) ?? 0) + 1);
  for (const [code, n] of [...byCode].sort()) warnings.push(`- ${n} × \`${code}\` (see [Diagnostics](#diagnostics)).`);
  const unseamed = report.routes.filter((r) => r.seam === null).length;
  if (unseamed > 0) warnings.push(`- ${unseamed} route${unseamed === 1 ? '' : 's'} served by infrastructure modules belong to no seam.`);
  return warnings.length ? ['## Watch out', '', ...warnings, ''] : [];
}

function renderSeam(s: ReportSeam, of: number): string[] {
  const lines = [`### ${s.extractionOrder}. ${s.id}`, '', rankLine(s, of), ''];
  lines.push(`- **Routes (${s.routes.length})**: ${s.routes.length ? s.routes.map((r) => `\`${r}\``).join(', ') : 'none'}`);
  if (s.handlers?.length) lines.push(`- **Other entry points (${s.handlers.length})**: ${s.handlers.slice(0, 30).map((h) => `\`${h}\``).join(', ')}${s.handlers.length > 30 ? ` and ${s.handlers.length - 30} more` : ''}`);
  lines.push(`- **Owned tables**: ${s.ownedTables.length ? s.ownedTables.map((t) => `\`${t}\``).join(', ') : 'none'}`);
  lines.push(`- **Depends on**: ${edges(s.dependsOn)}`);
  lines.push(`- **Depended on by**: ${edges(s.dependedOnBy)}`);
  const metrics = Object.entries(s.metrics).map(([k, v]) => `${k} ${fmt(v)}`);
  if (metrics.length) lines.push(`- **Metrics**: ${metrics.join(', ')}`);
  if (s.sharedTables.length) {
    lines.push('', '| shared table | also used by | written by |', '|---|---|---|');
    for (const t of s.sharedTables) lines.push(`| \`${t.table}\` | ${t.with.join(', ')} | ${t.writers.join(', ') || 'none'} |`);
  }
  lines.push('', `<details><summary>${s.modules.length} modules</summary>`, '', ...s.modules.map((m) => `- \`${m}\``), '', '</details>', '');
  return lines;
}

function renderTables(report: Report): string[] {
  if (report.tables.length === 0) return [];
  const seamOf = new Map(report.modules.map((m) => [m.path, m.seam]));
  const lines = ['## Tables', '', '| table | seams (w = writes) | modules | foreign keys |', '|---|---|---|---|'];
  for (const t of report.tables) {
    const seams = new Map<string, boolean>();
    for (const a of t.accessedBy) {
      const seam = seamOf.get(a.module) ?? 'infrastructure';
      seams.set(seam ?? 'infrastructure', (seams.get(seam ?? 'infrastructure') ?? false) || a.write);
    }
    const seamList = [...seams].map(([s, w]) => (w ? `${s} (w)` : s)).join(', ');
    const fks = t.foreignKeys.map((f) => `${f.column} → ${f.references.table}.${f.references.column}`).join(', ');
    lines.push(`| \`${t.name}\` | ${seamList} | ${t.accessedBy.length} | ${fks} |`);
  }
  lines.push('');
  return lines;
}

function renderFormulas(report: Report): string[] {
  return [
    '## How the metrics are computed',
    '',
    'All metrics use the module graph that produced the seams: runtime imports (weight 1 each), shared tables (writes weigh more than reads; a table few modules touch weighs more), foreign keys between the modules that write the linked tables, and git co-change with `--history`. Infrastructure modules are left out.',
    '',
    ...METRICS.map((m) => `- **${m.name}** (${m.better} is better): ${m.formula}`),
    '',
    ...(report.ranking ? [report.ranking, ''] : []),
  ];
}

function renderCycles(report: Report): string[] {
  if (report.cycles.length === 0) return [];
  return ['## Cycles', '', ...report.cycles.slice(0, 50).map((c) => `- ${c.map((p) => `\`${p}\``).join(' → ')} → \`${c[0]}\``), ...more(report.cycles.length, 50), ''];
}

function renderDiagnostics(report: Report): string[] {
  if (report.diagnostics.length === 0) return [];
  const lines = ['## Diagnostics', '', '| file | line | code | message |', '|---|---|---|---|'];
  for (const d of report.diagnostics.slice(0, 200)) lines.push(`| ${d.file || '(tree)'} | ${d.line ?? ''} | ${d.code} | ${cell(d.message)} |`);
  return [...lines, ...more(report.diagnostics.length, 200), ''];
}

/** "Ranked 2 of 5: <why>" */
function rankLine(s: ReportSeam, of: number): string {
  return `Ranked ${s.extractionOrder} of ${of}: ${s.why}`;
}

function edges(list: { seam: string; edges: number }[]): string {
  return list.length ? list.map((d) => `${d.seam} (${d.edges} import${d.edges === 1 ? '' : 's'})`).join(', ') : 'none';
}

function more(total: number, shown: number): string[] {
  return total > shown ? [`- … and ${total - shown} more in ficus-report.json`] : [];
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(3);
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

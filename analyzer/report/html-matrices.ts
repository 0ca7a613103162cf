// The two matrices of ficus-report.html, rendered as plain tables: seams × tables (who reads and who
// writes each table, tables grouped by their owner so the diagonal shows) and the dependency structure
// matrix (imports from the row's seam into the column's).
import type { Report, ReportSeam } from '../types.js';

/** Seams (rows, in extraction order) × tables (columns, by owner seam then name): W writes, R reads only. */
export function renderTableMatrix(report: Report, seams: ReportSeam[]): string {
  const use = new Map<string, Map<string, 'W' | 'R'>>(); // seam → table → access
  const seamOf = new Map(report.modules.map((m) => [m.path, m.seam]));
  for (const t of report.tables) {
    for (const a of t.accessedBy) {
      const seam = seamOf.get(a.module);
      if (!seam) continue;
      const row = use.get(seam) ?? use.set(seam, new Map()).get(seam)!;
      if (a.write || row.get(t.name) !== 'W') row.set(t.name, a.write ? 'W' : 'R');
    }
  }
  const order = new Map(seams.map((s, i) => [s.id, i]));
  const columns = report.tables
    .map((t) => {
      const users = seams.filter((s) => use.get(s.id)?.has(t.name));
      const writers = users.filter((s) => use.get(s.id)!.get(t.name) === 'W');
      const home = (writers[0] ?? users[0])?.id;
      return { name: t.name, home, users: users.length, writers: writers.length };
    })
    .filter((c) => c.users > 0)
    .sort((a, b) => order.get(a.home!)! - order.get(b.home!)! || a.name.localeCompare(b.name));
  if (columns.length === 0) return '';
  const head = columns
    .map((c) => `<th class="vertical" title="${esc(`${c.name}: ${c.users} seam${c.users === 1 ? '' : 's'}, ${c.writers} writing`)}"><span>${esc(c.name)}</span></th>`)
    .join('');
  const rows = seams.map((s) => {
    const cells = columns.map((c) => {
      const a = use.get(s.id)?.get(c.name);
      if (!a) return '<td></td>';
      const contested = a === 'W' && c.writers > 1;
      return `<td class="${a === 'W' ? (contested ? 'w contested' : 'w') : 'r'}" title="${esc(`${s.id} ${a === 'W' ? 'writes' : 'reads'} ${c.name}`)}">${a}</td>`;
    });
    return `<tr><th data-seam-link="${esc(s.id)}">${s.extractionOrder}. ${esc(s.id)}</th>${cells.join('')}</tr>`;
  });
  return (
    `<section><h2>Seams × tables</h2><p class="muted">W writes, R only reads; a red W is a table another seam writes too (split its data first). ` +
    `Tables are grouped by the seam that writes them, so a clean cut shows as a diagonal.</p>` +
    `<div class="matrix-wrap"><table class="matrix" id="table-matrix"><thead><tr><th></th>${head}</tr></thead><tbody>${rows.join('')}</tbody></table></div></section>`
  );
}

/** The dependency structure matrix: the cell at row A, column B counts A's imports of B. */
export function renderDsm(seams: ReportSeam[]): string {
  if (seams.length < 2) return '';
  const max = Math.max(1, ...seams.flatMap((s) => s.dependsOn.map((d) => d.edges)));
  const head = seams.map((s) => `<th class="vertical" title="${esc(s.id)}"><span>${s.extractionOrder}. ${esc(s.id)}</span></th>`).join('');
  const rows = seams.map((a) => {
    const out = new Map(a.dependsOn.map((d) => [d.seam, d.edges]));
    const cells = seams.map((b) => {
      if (a.id === b.id) return '<td class="self"></td>';
      const n = out.get(b.id);
      if (!n) return '<td></td>';
      const shade = Math.round(25 + (60 * n) / max);
      return `<td class="dep" style="background:hsl(210 60% ${100 - shade}%)${shade > 55 ? ';color:#fff' : ''}" title="${esc(`${a.id} imports ${b.id} ×${n}`)}">${n}</td>`;
    });
    return `<tr><th data-seam-link="${esc(a.id)}">${a.extractionOrder}. ${esc(a.id)}</th>${cells.join('')}</tr>`;
  });
  return (
    `<section><h2>Dependency structure matrix</h2><p class="muted">Row imports column (count of import links), seams in extraction order: ` +
    `marks above the diagonal are a seam using one extracted after it.</p>` +
    `<div class="matrix-wrap"><table class="matrix" id="dsm"><thead><tr><th></th>${head}</tr></thead><tbody>${rows.join('')}</tbody></table></div></section>`
  );
}

export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

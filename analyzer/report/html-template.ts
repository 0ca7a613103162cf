// The static parts of ficus-report.html, kept as TypeScript strings because tsc copies only .ts files
// into dist/. The client script is plain ES2017 that runs in any current browser, with no network.

export const HTML_STYLE = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2330;background:#f6f7f9}
header{padding:14px 20px;background:#17324d;color:#fff}
header h1{margin:0 0 4px;font-size:20px}
header p{margin:0;opacity:.9}
main{display:grid;grid-template-columns:230px 1fr 320px;gap:12px;padding:12px 20px;height:68vh;min-height:420px}
#filters,#details{background:#fff;border:1px solid #d9dde3;border-radius:6px;padding:10px;overflow:auto}
#graph{background:#fff;border:1px solid #d9dde3;border-radius:6px;min-height:400px}
#filters button{display:flex;align-items:center;gap:6px;width:100%;margin:2px 0;padding:4px 6px;border:1px solid transparent;border-radius:4px;background:none;text-align:left;cursor:pointer;font:inherit}
#filters button:hover{background:#eef2f7}
#filters button.active{border-color:#17324d;background:#e6edf5;font-weight:600}
.swatch{display:inline-block;width:12px;height:12px;border-radius:3px;flex:none}
#details h3{margin:0 0 6px;font-size:15px;word-break:break-all}
#details ul{margin:4px 0 10px;padding-left:18px}
#details .muted,.muted{color:#687385}
section{padding:0 20px 16px}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border:1px solid #d9dde3;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#eef2f7}
#seam-table tbody tr{cursor:pointer}
#seam-table tbody tr:hover{background:#f3f6fa}
#seam-table tbody tr.active{background:#e6edf5}
code{font-size:12.5px}
label.toggle{display:block;margin-top:10px}
`;

export const HTML_SCRIPT = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('ficus-data').textContent);
  var PALETTE = ['#1f77b4','#ff7f0e','#2ca02c','#d62728','#9467bd','#8c564b','#e377c2','#17becf','#bcbd22','#393b79','#ad494a','#637939','#7b4173','#3182bd','#e6550d','#31a354'];
  var INFRA = '#9aa3ae';
  var colorOf = {};
  data.seams.forEach(function (s, i) { colorOf[s.id] = PALETTE[i % PALETTE.length]; });

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function base(p) { return p.split('/').pop(); }

  var modulesByPath = {};
  data.modules.forEach(function (m) { modulesByPath[m.path] = m; });
  var tableOwner = {};
  data.seams.forEach(function (s) { s.ownedTables.forEach(function (t) { tableOwner[t] = s.id; }); });

  var elements = [];
  data.modules.forEach(function (m) {
    elements.push({ data: { id: 'm:' + m.path, label: base(m.path), kind: 'module', seam: m.seam || '', color: m.seam ? colorOf[m.seam] || INFRA : INFRA } });
  });
  data.tables.forEach(function (t) {
    var owner = tableOwner[t.name];
    elements.push({ data: { id: 't:' + t.name, label: t.name, kind: 'table', seam: owner || '', color: owner ? colorOf[owner] : '#ffffff' } });
  });
  data.modules.forEach(function (m) {
    m.imports.forEach(function (to) {
      if (modulesByPath[to]) elements.push({ data: { id: 'i:' + m.path + '>' + to, source: 'm:' + m.path, target: 'm:' + to, kind: 'import' } });
    });
    m.tables.forEach(function (t) {
      elements.push({ data: { id: 'a:' + m.path + '>' + t.table, source: 'm:' + m.path, target: 't:' + t.table, kind: t.write ? 'write' : 'read' } });
    });
  });

  var cy = cytoscape({
    container: document.getElementById('graph'),
    elements: elements,
    wheelSensitivity: 0.3,
    style: [
      { selector: 'node', style: { 'label': 'data(label)', 'font-size': 9, 'background-color': 'data(color)', 'width': 16, 'height': 16, 'text-valign': 'bottom', 'text-margin-y': 2, 'color': '#1d2330' } },
      { selector: 'node[kind = "table"]', style: { 'shape': 'round-rectangle', 'width': 22, 'height': 12, 'border-width': 2, 'border-color': '#1d2330' } },
      { selector: 'edge', style: { 'width': 1, 'line-color': '#b7c0cc', 'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'target-arrow-color': '#b7c0cc', 'arrow-scale': 0.6 } },
      { selector: 'edge[kind = "read"]', style: { 'line-style': 'dashed', 'line-color': '#7fa7d9', 'target-arrow-color': '#7fa7d9' } },
      { selector: 'edge[kind = "write"]', style: { 'line-style': 'dashed', 'line-color': '#d9534f', 'target-arrow-color': '#d9534f', 'width': 1.5 } },
      { selector: ':selected', style: { 'border-width': 3, 'border-color': '#000' } },
      { selector: '.hidden', style: { 'display': 'none' } }
    ],
    layout: { name: data.modules.length > 600 ? 'grid' : 'cose', animate: false, randomize: false, nodeRepulsion: 9000, idealEdgeLength: 60 }
  });

  var current = null;
  var hideInfra = true; // hubs and tooling link to everything: shown on request
  function applyFilter() {
    cy.batch(function () {
      cy.elements().removeClass('hidden');
      if (current !== null) {
        var keep = cy.nodes('[kind = "module"]').filter(function (n) { return n.data('seam') === current; });
        keep = keep.union(keep.outgoers('node[kind = "table"]'));
        cy.nodes().difference(keep).addClass('hidden');
      }
      if (hideInfra) cy.nodes('[kind = "module"][seam = ""]').addClass('hidden');
      cy.edges().filter(function (e) { return e.source().hasClass('hidden') || e.target().hasClass('hidden'); }).addClass('hidden');
    });
    cy.fit(cy.elements(':visible'), 20);
    document.querySelectorAll('[data-seam]').forEach(function (b) {
      b.classList.toggle('active', (b.getAttribute('data-seam') || null) === current || (current === null && b.getAttribute('data-seam') === ''));
    });
  }
  function filterSeam(id) { current = id || null; applyFilter(); }

  var filters = document.getElementById('filters');
  var all = el('button', { 'data-seam': '', type: 'button' }, 'All seams');
  filters.appendChild(all);
  data.seams.forEach(function (s) {
    var b = el('button', { 'data-seam': s.id, type: 'button' });
    var sw = el('span', { 'class': 'swatch' });
    sw.style.background = colorOf[s.id];
    b.appendChild(sw);
    b.appendChild(document.createTextNode(s.extractionOrder + '. ' + s.id + ' (' + s.modules.length + ')'));
    filters.appendChild(b);
  });
  filters.addEventListener('click', function (ev) {
    var b = ev.target.closest('button[data-seam]');
    if (b) filterSeam(b.getAttribute('data-seam'));
  });
  var toggle = el('label', { 'class': 'toggle' });
  var box = el('input', { type: 'checkbox', id: 'hide-infra' });
  box.checked = hideInfra;
  toggle.appendChild(box);
  toggle.appendChild(document.createTextNode(' hide infrastructure'));
  filters.appendChild(toggle);
  box.addEventListener('change', function () { hideInfra = box.checked; applyFilter(); });
  document.querySelectorAll('#seam-table tbody tr').forEach(function (row) {
    row.addEventListener('click', function () {
      var id = row.getAttribute('data-seam-row');
      filterSeam(current === id ? null : id);
      document.querySelectorAll('#seam-table tbody tr').forEach(function (r) { r.classList.toggle('active', r.getAttribute('data-seam-row') === current); });
      document.getElementById('graph').scrollIntoView({ block: 'nearest' });
    });
  });

  var details = document.getElementById('details');
  function list(title, items) {
    details.appendChild(el('strong', {}, title + ' (' + items.length + ')'));
    var ul = el('ul');
    if (items.length === 0) ul.appendChild(el('li', { 'class': 'muted' }, 'none'));
    items.forEach(function (i) { ul.appendChild(el('li', {}, i)); });
    details.appendChild(ul);
  }
  function showModule(m) {
    details.textContent = '';
    details.appendChild(el('h3', {}, m.path));
    details.appendChild(el('p', {}, 'seam: ' + (m.seam || 'infrastructure') + ' · ' + m.loc + ' lines'));
    list('routes', data.routes.filter(function (r) { return r.file === m.path; }).map(function (r) { return r.method + ' ' + r.path + '  (line ' + r.line + ')'; }));
    list('tables', m.tables.map(function (t) { return t.table + (t.write ? ' (read/write)' : ' (read)'); }));
    list('imports', m.imports);
    list('imported by', data.modules.filter(function (o) { return o.imports.indexOf(m.path) >= 0; }).map(function (o) { return o.path; }));
  }
  function showTable(t) {
    details.textContent = '';
    details.appendChild(el('h3', {}, 'table ' + t.name));
    details.appendChild(el('p', {}, tableOwner[t.name] ? 'owned by seam ' + tableOwner[t.name] : 'shared between seams'));
    list('accessed by', t.accessedBy.map(function (a) { return a.module + ' [' + ((modulesByPath[a.module] || {}).seam || 'infrastructure') + '] ' + (a.write ? 'writes' : 'reads'); }));
    list('foreign keys', t.foreignKeys.map(function (f) { return f.column + ' → ' + f.references.table + '.' + f.references.column; }));
    // Why each module touches it: the call and where it sits (an inherited base method may sit elsewhere).
    var evidence = [];
    t.accessedBy.forEach(function (a) {
      (a.evidence || []).forEach(function (e) { evidence.push(e.file + ':' + e.line + '  ' + e.call + (e.file !== a.module ? '  (for ' + a.module + ')' : '')); });
    });
    list('evidence', evidence);
  }
  var tablesByName = {};
  data.tables.forEach(function (t) { tablesByName[t.name] = t; });
  cy.on('tap', 'node', function (ev) {
    var id = ev.target.id();
    if (id.indexOf('m:') === 0) showModule(modulesByPath[id.slice(2)]);
    else showTable(tablesByName[id.slice(2)]);
  });

  window.ficus = { cy: cy, filterSeam: filterSeam, data: data };
  applyFilter();
})();
`;

// The client script of ficus-report.html, a TypeScript string because tsc copies only .ts files into
// dist/. Plain ES2017, no network. Three views on one cytoscape instance: the seams (default), one seam's
// modules and tables, every module grouped by seam. Module positions are packed per seam (a sunflower
// per seam, seams packed as circles), linear in the number of modules, so 2,000 modules stay grouped.

export const HTML_SCRIPT = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('ficus-data').textContent);
  var INFRA = '#9aa3ae';
  var INFRA_GROUP = '(infrastructure)';
  var SPACING = 30; // px between neighbouring modules of a seam
  var colorOf = {};
  // golden-angle hues with three lightness bands: neighbours in extraction order never look alike
  data.seams.forEach(function (s, i) { colorOf[s.id] = 'hsl(' + Math.round((i * 137.508) % 360) + ',62%,' + [40, 54, 30][i % 3] + '%)'; });

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function base(p) { return p.split('/').slice(-2).join('/'); } // the folder too: many files are index.ts

  var modulesByPath = {};
  data.modules.forEach(function (m) { modulesByPath[m.path] = m; });
  var seamsById = {};
  data.seams.forEach(function (s) { seamsById[s.id] = s; });
  var tableOwner = {};
  data.seams.forEach(function (s) { s.ownedTables.forEach(function (t) { tableOwner[t] = s.id; }); });
  var tablesByName = {};
  data.tables.forEach(function (t) { tablesByName[t.name] = t; });

  // Where each table is drawn among the modules: with its owner, else its first writer, else its first user.
  function tableHome(t) {
    if (tableOwner[t.name]) return tableOwner[t.name];
    var writer = null, user = null;
    t.accessedBy.forEach(function (a) {
      var seam = (modulesByPath[a.module] || {}).seam;
      if (!seam) return;
      if (a.write && !writer) writer = seam;
      if (!user) user = seam;
    });
    return writer || user || INFRA_GROUP;
  }

  // ---- positions of the module view: a sunflower per seam, seams packed as circles around the largest
  var groups = {};
  function group(id) { return groups[id] || (groups[id] = { id: id, members: [] }); }
  data.seams.forEach(function (s) { group(s.id); });
  data.modules.forEach(function (m) { group(m.seam || INFRA_GROUP).members.push('m:' + m.path); });
  data.tables.forEach(function (t) { group(tableHome(t)).members.push('t:' + t.name); });
  // Packs groups of node ids as circles (largest in the middle, a spiral outwards), each a sunflower of
  // its members; returns id → position. Linear in members, quadratic only in the number of groups.
  function pack(list, spacing) {
    list.forEach(function (g) { g.r = spacing * (0.75 * Math.sqrt(g.members.length) + 1); });
    var placed = [];
    list.forEach(function (g) {
      for (var t = 0; ; t++) {
        var angle = t * 0.5, dist = placed.length ? placed[0].r + g.r + t * spacing * 0.5 : 0;
        var x = Math.cos(angle) * dist, y = Math.sin(angle) * dist;
        var clear = placed.every(function (p) { var dx = p.x - x, dy = p.y - y; return Math.sqrt(dx * dx + dy * dy) >= p.r + g.r + spacing; });
        if (clear) { g.x = x; g.y = y; placed.push(g); break; }
      }
    });
    var at = {};
    list.forEach(function (g) {
      g.members.forEach(function (id, j) {
        var a = j * 2.399963, rad = spacing * 0.75 * Math.sqrt(j + 0.5);
        at[id] = { x: g.x + Math.cos(a) * rad, y: g.y + Math.sin(a) * rad };
      });
    });
    return at;
  }
  var order = Object.keys(groups).map(function (k) { return groups[k]; }).filter(function (g) { return g.members.length > 0; });
  // largest seams in the middle; infrastructure (hidden by default) outside, so it leaves no hole
  order.sort(function (a, b) { return (a.id === INFRA_GROUP) - (b.id === INFRA_GROUP) || b.members.length - a.members.length || (a.id < b.id ? -1 : 1); });
  var packed = pack(order, SPACING);

  // ---- elements
  var elements = [];
  var maxModules = Math.max.apply(null, [1].concat(data.seams.map(function (s) { return s.modules.length; })));
  data.seams.forEach(function (s, i) {
    var size = 30 + 90 * Math.sqrt(s.modules.length / maxModules);
    var angle = (2 * Math.PI * i) / Math.max(1, data.seams.length);
    elements.push({ group: 'nodes', data: { id: 's:' + s.id, seam: s.id, kind: 'seam', label: s.extractionOrder + '. ' + s.id + '\\n' + s.modules.length + ' modules, ' + s.routes.length + ' routes', size: size, color: colorOf[s.id] },
      position: { x: Math.cos(angle) * 60 * data.seams.length, y: Math.sin(angle) * 60 * data.seams.length } });
    s.dependsOn.forEach(function (d) {
      if (seamsById[d.seam]) elements.push({ group: 'edges', data: { id: 'se:' + s.id + '>' + d.seam, source: 's:' + s.id, target: 's:' + d.seam, kind: 'seam-edge', edges: d.edges, width: 1 + 1.6 * Math.log(1 + d.edges) / Math.LN2 } });
    });
  });
  order.forEach(function (g) {
    if (g.members.length > 0) elements.push({ group: 'nodes', data: { id: 'g:' + g.id, kind: 'group', label: g.id === INFRA_GROUP ? 'infrastructure' : (seamsById[g.id] ? seamsById[g.id].extractionOrder + '. ' : '') + g.id, seam: g.id === INFRA_GROUP ? '' : g.id, color: colorOf[g.id] || INFRA, fontSize: Math.max(18, g.r / 2.5) }, position: { x: g.x, y: g.y - g.r - 6 } });
  });
  data.modules.forEach(function (m) {
    elements.push({ group: 'nodes', data: { id: 'm:' + m.path, label: base(m.path), kind: 'module', seam: m.seam || '', color: m.seam ? colorOf[m.seam] || INFRA : INFRA }, position: packed['m:' + m.path] });
  });
  data.tables.forEach(function (t) {
    var owner = tableOwner[t.name];
    elements.push({ group: 'nodes', data: { id: 't:' + t.name, label: t.name, kind: 'table', seam: owner || '', home: tableHome(t), color: owner ? colorOf[owner] : '#ffffff' }, position: packed['t:' + t.name] });
  });
  data.modules.forEach(function (m) {
    m.imports.forEach(function (to) {
      if (modulesByPath[to]) elements.push({ group: 'edges', data: { id: 'i:' + m.path + '>' + to, source: 'm:' + m.path, target: 'm:' + to, kind: 'import' } });
    });
    m.tables.forEach(function (t) {
      elements.push({ group: 'edges', data: { id: 'a:' + m.path + '>' + t.table, source: 'm:' + m.path, target: 't:' + t.table, kind: t.write ? 'write' : 'read' } });
    });
  });

  var cy = cytoscape({
    container: document.getElementById('graph'),
    elements: elements,
    wheelSensitivity: 0.3,
    hideEdgesOnViewport: data.modules.length > 800,
    textureOnViewport: data.modules.length > 800,
    minZoom: 0.02,
    style: [
      // labels only where they fit: below 8 px on screen cytoscape skips them
      { selector: 'node', style: { 'label': 'data(label)', 'font-size': 12, 'min-zoomed-font-size': 8, 'background-color': 'data(color)', 'width': 16, 'height': 16, 'text-valign': 'bottom', 'text-margin-y': 2, 'color': '#1d2330' } },
      { selector: 'node[kind = "table"]', style: { 'shape': 'round-rectangle', 'width': 22, 'height': 12, 'border-width': 2, 'border-color': '#1d2330' } },
      { selector: 'node[kind = "seam"]', style: { 'width': 'data(size)', 'height': 'data(size)', 'font-size': 13, 'min-zoomed-font-size': 6, 'font-weight': 600, 'text-wrap': 'wrap', 'text-max-width': 180, 'text-outline-color': '#fff', 'text-outline-width': 2, 'border-width': 2, 'border-color': '#fff' } },
      { selector: 'node[kind = "group"]', style: { 'shape': 'rectangle', 'width': 1, 'height': 1, 'background-opacity': 0, 'font-size': 'data(fontSize)', 'min-zoomed-font-size': 5, 'font-weight': 700, 'color': 'data(color)', 'text-valign': 'top', 'text-outline-color': '#fff', 'text-outline-width': 3, 'events': 'no' } },
      { selector: 'edge', style: { 'width': 1, 'line-color': '#b7c0cc', 'opacity': 0.7, 'curve-style': 'haystack' } },
      { selector: 'edge[kind = "seam-edge"]', style: { 'width': 'data(width)', 'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'target-arrow-color': '#8a96a6', 'line-color': '#8a96a6', 'opacity': 0.45, 'arrow-scale': 0.8 } },
      { selector: 'edge[kind = "seam-edge"].near', style: { 'opacity': 1, 'line-color': '#17324d', 'target-arrow-color': '#17324d', 'label': 'data(edges)', 'font-size': 11, 'text-background-color': '#fff', 'text-background-opacity': 1, 'z-index': 10 } },
      { selector: 'edge[kind = "read"]', style: { 'line-style': 'dashed', 'line-color': '#7fa7d9', 'curve-style': 'bezier' } },
      { selector: 'edge[kind = "write"]', style: { 'line-style': 'dashed', 'line-color': '#d9534f', 'width': 1.5, 'curve-style': 'bezier' } },
      { selector: ':selected', style: { 'border-width': 3, 'border-color': '#000' } },
      { selector: '.hidden', style: { 'display': 'none' } }
    ],
    layout: { name: 'preset' }
  });

  // the seam view's layout: force-directed over the seams alone (a few dozen nodes), seeded on a circle
  var seamNodes = cy.nodes('[kind = "seam"]');
  seamNodes.union(cy.edges('[kind = "seam-edge"]')).layout({ name: 'cose', animate: false, randomize: false, nodeDimensionsIncludeLabels: true, idealEdgeLength: function () { return 220; }, nodeRepulsion: function () { return 2000000; }, edgeElasticity: function () { return 50; }, gravity: 0.6, numIter: 2000 }).run();

  var mode = 'seams';
  var current = null; // the seam shown in the seam's view
  var hideInfra = true; // hubs and tooling link to everything: shown on request
  var DRILL_SPACING = 60; // px between modules of the one seam shown: room for a file name

  function restorePacked(nodes) {
    nodes.forEach(function (n) { var p = packed[n.id()]; if (p) n.position({ x: p.x, y: p.y }); });
  }
  // The nodes a view shows, computed here: ':visible' lags until cytoscape restyles on its next frame.
  function shownNodes() {
    if (mode === 'seams') return seamNodes;
    if (mode === 'seam') {
      var mods = cy.nodes('[kind = "module"]').filter(function (n) { return n.data('seam') === current; });
      return mods.union(mods.outgoers('node[kind = "table"]'));
    }
    return cy.nodes('[kind = "module"], [kind = "table"], [kind = "group"]').filter(function (n) {
      return !(hideInfra && ((n.data('kind') === 'module' && n.data('seam') === '') || n.data('home') === INFRA_GROUP || n.id() === 'g:' + INFRA_GROUP));
    });
  }
  function apply() {
    var shown = shownNodes();
    var shownEdges = shown.edgesWith(shown);
    cy.batch(function () {
      cy.elements().addClass('hidden');
      shown.union(shownEdges).removeClass('hidden');
    });
    if (mode === 'seam') {
      // one seam: its modules by folder, its tables as one more group, spaced so that labels fit
      var byFolder = {};
      shown.forEach(function (n) {
        var key = n.data('kind') === 'table' ? '(tables)' : '(modules)'; // modules by path: a folder's files sit side by side
        (byFolder[key] || (byFolder[key] = { id: key, members: [] })).members.push(n.id());
      });
      var folders = Object.keys(byFolder).map(function (k) { return byFolder[k]; });
      folders.sort(function (a, b) { return b.members.length - a.members.length || (a.id < b.id ? -1 : 1); });
      var at = pack(folders, DRILL_SPACING);
      shown.forEach(function (n) { n.position(at[n.id()]); });
    } else if (mode === 'all') {
      restorePacked(cy.nodes('[kind = "module"], [kind = "table"]'));
    }
    cy.fit(shown, 24);
    document.getElementById('show-seams').classList.toggle('active', mode === 'seams');
    document.getElementById('show-all').classList.toggle('active', mode === 'all');
    document.getElementById('crumb').textContent = mode === 'seam' ? '› ' + seamsById[current].extractionOrder + '. ' + current + ' (' + seamsById[current].modules.length + ' modules)' : '';
    document.querySelectorAll('#filters [data-seam]').forEach(function (b) {
      var id = b.getAttribute('data-seam');
      b.classList.toggle('active', mode === 'seam' ? id === current : mode === 'all' && id === '');
    });
    document.querySelectorAll('#seam-table tbody tr').forEach(function (r) { r.classList.toggle('active', mode === 'seam' && r.getAttribute('data-seam-row') === current); });
  }
  function showSeams() { mode = 'seams'; current = null; apply(); }
  function showAll() { mode = 'all'; current = null; restorePacked(cy.nodes('[kind = "module"], [kind = "table"]')); apply(); }
  function filterSeam(id) {
    if (!id) return showAll();
    mode = 'seam'; current = id; apply(); showSeam(seamsById[id]);
  }

  var filters = document.getElementById('filters');
  filters.appendChild(el('button', { 'data-seam': '', type: 'button' }, 'All modules'));
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
  box.addEventListener('change', function () { hideInfra = box.checked; if (mode !== 'all') mode = 'all'; apply(); });
  document.getElementById('show-seams').addEventListener('click', showSeams);
  document.getElementById('show-all').addEventListener('click', showAll);
  document.querySelectorAll('#seam-table tbody tr').forEach(function (row) {
    row.addEventListener('click', function () {
      var id = row.getAttribute('data-seam-row');
      if (mode === 'seam' && current === id) showSeams(); else filterSeam(id);
      document.getElementById('graph').scrollIntoView({ block: 'nearest' });
    });
  });
  document.querySelectorAll('[data-seam-link]').forEach(function (th) {
    th.addEventListener('click', function () { filterSeam(th.getAttribute('data-seam-link')); document.getElementById('graph').scrollIntoView({ block: 'nearest' }); });
  });

  var details = document.getElementById('details');
  function list(title, items, limit) {
    details.appendChild(el('strong', {}, title + ' (' + items.length + ')'));
    var ul = el('ul');
    if (items.length === 0) ul.appendChild(el('li', { 'class': 'muted' }, 'none'));
    var shown = limit ? items.slice(0, limit) : items;
    shown.forEach(function (i) { ul.appendChild(el('li', {}, i)); });
    if (shown.length < items.length) ul.appendChild(el('li', { 'class': 'muted' }, 'and ' + (items.length - shown.length) + ' more'));
    details.appendChild(ul);
  }
  function showSeam(s) {
    details.textContent = '';
    details.appendChild(el('h3', {}, 'seam ' + s.extractionOrder + '. ' + s.id));
    details.appendChild(el('p', {}, s.modules.length + ' modules · ' + s.routes.length + ' routes · ' + s.handlers.length + ' handlers · rank ' + s.extractionOrder + ' of ' + data.seams.length));
    if (!(mode === 'seam' && current === s.id)) {
      var open = el('button', { type: 'button', id: 'open-seam' }, 'Open its ' + s.modules.length + ' modules');
      open.addEventListener('click', function () { filterSeam(s.id); });
      details.appendChild(open);
    }
    details.appendChild(el('p', { 'class': 'why' }, 'Why this rank: ' + s.why.replace(/\\x60/g, '')));
    list('routes', s.routes, 25);
    if (s.handlers.length) list('handlers', s.handlers, 25);
    list('owned tables', s.ownedTables);
    list('shared tables', s.sharedTables.map(function (t) {
      return t.table + ' with ' + t.with.join(', ') + ' (' + (t.writers.length ? 'written by ' + t.writers.join(', ') : 'read only') + ')';
    }));
    list('depends on', s.dependsOn.map(function (d) { return d.seam + ' ×' + d.edges + ' imports'; }));
    list('depended on by', s.dependedOnBy.map(function (d) { return d.seam + ' ×' + d.edges + ' imports'; }));
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
  cy.on('tap', 'node', function (ev) {
    var n = ev.target;
    var kind = n.data('kind');
    if (kind === 'seam') {
      cy.edges('.near').removeClass('near');
      n.connectedEdges('[kind = "seam-edge"]').addClass('near');
      showSeam(seamsById[n.data('seam')]);
    }
    else if (kind === 'module') showModule(modulesByPath[n.id().slice(2)]);
    else if (kind === 'table') showTable(tablesByName[n.id().slice(2)]);
  });
  cy.on('dbltap', 'node[kind = "seam"]', function (ev) { filterSeam(ev.target.data('seam')); });

  window.ficus = { cy: cy, filterSeam: filterSeam, showSeams: showSeams, showAll: showAll, data: data, view: function () { return mode === 'seam' ? 'seam:' + current : mode; } };
  if (data.seams.length === 0) showAll(); else showSeams();
})();
`;

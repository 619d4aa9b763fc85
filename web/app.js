// policykg explorer: a small single-page app over the server's JSON views
// (/api/search, /api/entity, /api/neighbors, /api/timeline, /api/queries)
// and its SPARQL endpoint. Routes live in the URL hash, so every view has
// an address: #/search/TEXT, #/entity/IRI, #/timeline/AGENCY, #/sparql.
(function () {
  'use strict';

  var view = document.getElementById('view');
  var input = document.getElementById('search');
  var list = document.getElementById('suggestions');
  var graph = null;

  function esc(s) {
    return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function entityHref(iri) { return '#/entity/' + encodeURIComponent(iri); }

  function link(e) {
    return '<a class="entity-link" href="' + entityHref(e.iri) + '"><span class="dot" style="background:' +
      esc(e.color) + '"></span>' + esc(e.label) + '</a>';
  }

  function badge(cls, color) {
    return '<span class="badge" style="background:' + esc(color) + '">' + esc(cls) + '</span>';
  }

  function getJson(url) {
    return fetch(url, { headers: { Accept: 'application/json' } }).then(function (r) {
      if (!r.ok) { return r.text().then(function (t) { throw new Error(t.trim() || r.statusText); }); }
      return r.json();
    });
  }

  function fail(err) {
    view.innerHTML = '<p class="error">' + esc(err.message || err) + '</p>';
  }

  // ---- search with suggestions -------------------------------------------
  var pending = null;
  var active = -1;
  input.addEventListener('input', function () {
    clearTimeout(pending);
    var q = input.value.trim();
    if (!q) { list.hidden = true; return; }
    pending = setTimeout(function () {
      getJson('/api/search?limit=8&q=' + encodeURIComponent(q)).then(function (hits) {
        if (input.value.trim() !== q) { return; }
        active = -1;
        list.innerHTML = hits.map(function (h) {
          return '<li data-iri="' + esc(h.iri) + '"><span class="dot" style="background:' + esc(h.color) +
            '"></span>' + esc(h.label) + ' <span class="muted">' + esc(h.class) +
            (h.matched !== h.label ? ' · ' + esc(h.matched) : '') + '</span></li>';
        }).join('');
        list.hidden = hits.length === 0;
      }).catch(function () { list.hidden = true; });
    }, 120);
  });
  input.addEventListener('keydown', function (ev) {
    var items = list.querySelectorAll('li');
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      if (!items.length) { return; }
      ev.preventDefault();
      active = (active + (ev.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length;
      items.forEach(function (li, i) { li.classList.toggle('active', i === active); });
    } else if (ev.key === 'Escape') {
      list.hidden = true;
    }
  });
  list.addEventListener('mousedown', function (ev) {
    var li = ev.target.closest('li');
    if (li) { ev.preventDefault(); list.hidden = true; location.hash = entityHref(li.dataset.iri); }
  });
  document.getElementById('search-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var items = list.querySelectorAll('li');
    list.hidden = true;
    if (active >= 0 && items[active]) { location.hash = entityHref(items[active].dataset.iri); return; }
    if (input.value.trim()) { location.hash = '#/search/' + encodeURIComponent(input.value.trim()); }
  });
  input.addEventListener('blur', function () { setTimeout(function () { list.hidden = true; }, 150); });

  function showSearch(q) {
    input.value = q;
    view.innerHTML = '<p class="muted">Searching…</p>';
    getJson('/api/search?limit=50&q=' + encodeURIComponent(q)).then(function (hits) {
      view.innerHTML = '<h1>“' + esc(q) + '”</h1>' + (hits.length ? '<ol id="results">' + hits.map(function (h) {
        return '<li>' + link(h) + ' ' + badge(h.class, h.color) +
          (h.matched !== h.label ? ' <span class="muted">' + esc(h.matched) + ' (' + esc(h.lang) + ')</span>' : '') + '</li>';
      }).join('') + '</ol>' : '<p class="muted">Nothing matches.</p>');
    }).catch(fail);
  }

  // ---- entity page ---------------------------------------------------------
  function number(v) {
    var n = Number(v);
    return isFinite(n) && v !== '' ? n.toLocaleString('ko-KR') : esc(v);
  }

  function sourceText(s) {
    return esc(s.file || '') + (s.title ? ' · ' + esc(s.title) : '') + (s.date ? ' (' + esc(s.date) + ')' : '');
  }

  function targetsTable(rows) {
    if (!rows.length) { return ''; }
    return '<h2>Targets (' + rows.length + ')</h2><table id="targets"><thead><tr><th>metric</th><th>value</th><th>unit</th>' +
      '<th>deadline</th><th>program</th><th>evidence</th><th>source</th></tr></thead><tbody>' +
      rows.map(function (t) {
        return '<tr><td><a href="' + entityHref(t.iri) + '">' + esc(t.metric || t.label) + '</a></td>' +
          '<td class="num">' + esc(t.value_text || '') + (t.value ? '<br><span class="muted">' + number(t.value) + '</span>' : '') + '</td>' +
          '<td>' + esc(t.unit || '') + '</td><td>' + esc(t.deadline || '') + '</td>' +
          '<td>' + t.programs.map(link).join('<br>') + '</td>' +
          '<td class="evidence">' + t.evidence.map(esc).join('<br>') + '</td>' +
          '<td class="source">' + t.sources.map(sourceText).join('<br>') + '</td></tr>';
      }).join('') + '</tbody></table>';
  }

  function showEntity(iri) {
    view.innerHTML = '<p class="muted">Loading…</p>';
    getJson('/api/entity?id=' + encodeURIComponent(iri)).then(function (e) {
      var html = '<h1 id="entity-title"><span class="dot" style="background:' + esc(e.color) + '"></span>' +
        esc(e.label) + ' ' + badge(e.class, e.color) + '</h1>' +
        '<p class="muted"><code>' + esc(e.iri) + '</code></p>' +
        '<p class="labels">' + e.labels.map(function (l) {
          return '<span>' + esc(l.value) + ' <span class="muted">' + esc(l.lang) + '</span></span>';
        }).join('') + '</p>';
      var attrs = Object.keys(e.attributes);
      if (attrs.length) {
        html += '<table class="attributes">' + attrs.map(function (k) {
          return '<tr><th>' + esc(k) + '</th><td>' + esc(e.attributes[k]) + '</td></tr>';
        }).join('') + '</table>';
      }
      if (e.evidence.length) {
        html += '<h2>Evidence</h2><ul class="evidence">' + e.evidence.map(function (s) { return '<li>' + esc(s) + '</li>'; }).join('') + '</ul>';
      }
      html += targetsTable(e.targets);
      html += '<h2>Neighbourhood</h2><div class="graph-tools">depth <select id="depth"><option>1</option><option>2</option></select> · ' +
        'export this view: <a id="export-gexf" href="#">GEXF</a> · <a id="export-graphml" href="#">GraphML</a> · ' +
        '<a id="open-graph" href="' + graphHref(e.iri) + '">open the graph</a></div>' +
        '<div id="graph"></div><ul class="graph-nodes" id="graph-nodes"></ul>';
      if (e.relations.length) {
        html += '<h2>Relations</h2><dl class="relations">' + e.relations.map(function (g) {
          return '<dt>' + (g.direction === 'out' ? '→ ' : '← ') + esc(g.predicate) + ' (' + g.total + ')</dt><dd>' +
            g.entities.map(link).join(' ') + (g.total > g.entities.length ? ' …' : '') + '</dd>';
        }).join('') + '</dl>';
      }
      if (e.sources.length) {
        html += '<h2>Sources</h2><ul class="source">' + e.sources.map(function (s) { return '<li>' + sourceText(s) + '</li>'; }).join('') + '</ul>';
      }
      view.innerHTML = html;
      var depth = document.getElementById('depth');
      var exports = function () {
        var q = 'id=' + encodeURIComponent(e.iri) + '&depth=' + depth.value;
        document.getElementById('export-gexf').href = '/api/export?format=gexf&' + q;
        document.getElementById('export-graphml').href = '/api/export?format=graphml&' + q;
      };
      depth.addEventListener('change', function () { exports(); drawGraph(e.iri, depth.value); });
      exports();
      drawGraph(e.iri, 1);
    }).catch(fail);
  }

  function drawGraph(iri, depth, hrefOf) {
    hrefOf = hrefOf || entityHref;
    getJson('/api/neighbors?depth=' + depth + '&id=' + encodeURIComponent(iri)).then(function (g) {
      var nodes = document.getElementById('graph-nodes');
      if (!nodes) { return; }
      var title = document.getElementById('graph-title');
      if (title) {
        title.innerHTML = '<a href="' + entityHref(iri) + '"><span class="dot" style="background:' + esc(g.center.color) +
          '"></span>' + esc(g.center.label) + '</a> ' + badge(g.center.class, g.center.color);
      }
      nodes.innerHTML = g.nodes.slice(1).map(function (n) {
        return '<li><a class="node-link" href="' + hrefOf(n.data.id) + '"><span class="dot" style="background:' +
          esc(n.data.color) + '"></span>' + esc(n.data.label) + '</a></li>';
      }).join('') + (g.truncated ? '<li class="muted">…</li>' : '');
      if (graph) { graph.destroy(); graph = null; }
      if (typeof cytoscape !== 'function') { return; }
      if (g.nodes.length) { g.nodes[0].classes = 'center'; }
      graph = cytoscape({
        container: document.getElementById('graph'),
        elements: g.nodes.concat(g.edges),
        style: [
          { selector: 'node', style: { 'background-color': 'data(color)', label: 'data(label)', 'font-size': 10, width: 18, height: 18,
            'text-wrap': 'ellipsis', 'text-max-width': 150, 'text-valign': 'bottom', 'text-margin-y': 3 } },
          { selector: 'node.center', style: { width: 30, height: 30, 'font-weight': 'bold' } },
          { selector: 'edge', style: { width: 1, 'line-color': '#bbb', 'target-arrow-color': '#bbb', 'target-arrow-shape': 'triangle',
            'curve-style': 'bezier', label: 'data(label)', 'font-size': 8, color: '#888' } }
        ],
        layout: { name: 'cose', animate: false, nodeRepulsion: function () { return 400000; }, idealEdgeLength: function () { return 90; } }
      });
      graph.on('tap', 'node', function (ev) {
        var id = ev.target.id();
        if (id !== iri) { location.hash = hrefOf(id); }
      });
    }).catch(function (err) {
      var el = document.getElementById('graph');
      if (el) { el.innerHTML = '<p class="error">' + esc(err.message) + '</p>'; }
    });
  }

  function showGraph(iri) {
    view.innerHTML = '<h1 id="graph-title"><a href="' + entityHref(iri) + '">…</a></h1>' +
      '<div class="graph-tools">depth <select id="depth"><option>1</option><option>2</option></select> · ' +
      'export this view: <a id="export-gexf" href="#">GEXF</a> · <a id="export-graphml" href="#">GraphML</a> · ' +
      'click a node to move there</div><div id="graph" class="large"></div><ul class="graph-nodes" id="graph-nodes"></ul>';
    var depth = document.getElementById('depth');
    var exports = function () {
      var q = 'id=' + encodeURIComponent(iri) + '&depth=' + depth.value;
      document.getElementById('export-gexf').href = '/api/export?format=gexf&' + q;
      document.getElementById('export-graphml').href = '/api/export?format=graphml&' + q;
    };
    depth.addEventListener('change', function () { exports(); drawGraph(iri, depth.value, graphHref); });
    exports();
    drawGraph(iri, 1, graphHref);
  }

  function graphHref(id) { return '#/graph/' + encodeURIComponent(id); }

  // ---- timeline ------------------------------------------------------------
  function showTimeline(agency) {
    view.innerHTML = '<h1>Targets by deadline</h1><form id="timeline-form">agency <input id="agency" value="' + esc(agency) +
      '" placeholder="all, or e.g. 국무원"> <button>filter</button></form><div id="timeline"><p class="muted">Loading…</p></div>';
    document.getElementById('timeline-form').addEventListener('submit', function (ev) {
      ev.preventDefault();
      location.hash = '#/timeline/' + encodeURIComponent(document.getElementById('agency').value.trim());
    });
    getJson('/api/timeline' + (agency ? '?agency=' + encodeURIComponent(agency) : '')).then(function (years) {
      var most = Math.max.apply(null, years.map(function (y) { return y.targets.length; }).concat([1]));
      document.getElementById('timeline').innerHTML = years.length ? years.map(function (y) {
        return '<div class="year"><h2><span class="bar" style="width:' + Math.max(4, 300 * y.targets.length / most) + 'px"></span>' +
          esc(y.year == null ? 'no deadline' : y.year) + ' · ' + y.targets.length + '</h2><ul>' +
          y.targets.map(function (t) {
            return '<li><a href="' + entityHref(t.iri) + '">' + esc(t.metric || t.label) + '</a> ' + esc(t.value_text || '') +
              ' — ' + t.agencies.map(link).join(', ') + (t.programs.length ? ' · ' + t.programs.map(link).join(', ') : '') + '</li>';
          }).join('') + '</ul></div>';
      }).join('') : '<p class="muted">No targets.</p>';
    }).catch(function (err) {
      document.getElementById('timeline').innerHTML = '<p class="error">' + esc(err.message) + '</p>';
    });
  }

  // ---- SPARQL box ----------------------------------------------------------
  function showSparql() {
    view.innerHTML = '<h1>SPARQL</h1><p>example: <select id="examples"><option value="">—</option></select> ' +
      '<span class="muted">(the prefixes pk:, pkid:, rdfs:, skos:, prov:, dcterms:, xsd: are predeclared)</span></p>' +
      '<textarea id="query">SELECT ?entity ?label WHERE { ?entity rdfs:label ?label } LIMIT 20</textarea>' +
      '<p><button id="run">Run</button> <a id="csv" href="#">download CSV</a></p><div id="results"></div>';
    var text = document.getElementById('query');
    var examples = document.getElementById('examples');
    var csv = document.getElementById('csv');
    var updateCsv = function () { csv.href = '/sparql?format=csv&query=' + encodeURIComponent(text.value); };
    text.addEventListener('input', updateCsv);
    updateCsv();
    getJson('/api/queries').then(function (qs) {
      examples.innerHTML += qs.map(function (q, i) {
        return '<option value="' + i + '">' + esc(q.name) + ' — ' + esc(q.about) + '</option>';
      }).join('');
      examples.addEventListener('change', function () {
        var q = qs[Number(examples.value)];
        if (q) { text.value = q.text; updateCsv(); }
      });
    });
    document.getElementById('run').addEventListener('click', function () {
      var out = document.getElementById('results');
      out.innerHTML = '<p class="muted">Running…</p>';
      fetch('/sparql', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/sparql-results+json' },
        body: 'query=' + encodeURIComponent(text.value)
      }).then(function (r) {
        if (!r.ok) { return r.text().then(function (t) { throw new Error(t); }); }
        var type = r.headers.get('Content-Type') || '';
        return type.indexOf('json') >= 0 ? r.json() : r.text();
      }).then(function (res) {
        if (typeof res === 'string') { out.innerHTML = '<pre>' + esc(res) + '</pre>'; return; }
        if (res.boolean !== undefined) { out.innerHTML = '<p>' + res.boolean + '</p>'; return; }
        var vars = res.head.vars;
        out.innerHTML = '<p class="muted">' + res.results.bindings.length + ' rows</p><table id="result-table"><thead><tr>' +
          vars.map(function (v) { return '<th>' + esc(v) + '</th>'; }).join('') + '</tr></thead><tbody>' +
          res.results.bindings.map(function (b) {
            return '<tr>' + vars.map(function (v) {
              var t = b[v];
              if (!t) { return '<td></td>'; }
              return '<td>' + (t.type === 'uri' ? '<a href="' + entityHref(t.value) + '">' + esc(t.value) + '</a>' : esc(t.value)) + '</td>';
            }).join('') + '</tr>';
          }).join('') + '</tbody></table>';
      }).catch(function (err) { out.innerHTML = '<p class="error">' + esc(err.message) + '</p>'; });
    });
  }

  function showHome() {
    view.innerHTML = '<h1>policykg explorer</h1><p>Search an agency, program, technology or region above ' +
      '(Korean, Chinese or English names and aliases), browse the <a href="#/timeline">targets by deadline</a>, ' +
      'or ask the graph in <a href="#/sparql">SPARQL</a>.</p>';
  }

  function route() {
    if (graph) { graph.destroy(); graph = null; }
    var hash = location.hash.replace(/^#\/?/, '');
    var slash = hash.indexOf('/');
    var name = slash < 0 ? hash : hash.slice(0, slash);
    var arg = slash < 0 ? '' : decodeURIComponent(hash.slice(slash + 1));
    if (name === 'entity' && arg) { showEntity(arg); }
    else if (name === 'graph' && arg) { showGraph(arg); }
    else if (name === 'search' && arg) { showSearch(arg); }
    else if (name === 'timeline') { showTimeline(arg); }
    else if (name === 'sparql') { showSparql(); }
    else { showHome(); }
  }

  document.getElementById('endpoint').textContent = location.origin + '/sparql';
  window.addEventListener('hashchange', route);
  route();
}());

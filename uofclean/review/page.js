// review.html: records in risk order, one page drawn at a time; filters run over the data.
// The reviewer's decisions live in memory only (the page never stores personal data in the
// browser) until exported as decisions.json / decisions.toml.
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("review-data").textContent);
  var app = document.getElementById("app");
  var state = { type: -1, rule: -1, column: -1, uncertain: false, page: 0, focus: 0 };
  var view = [];           // indices into D.records passing the filters
  var decisions = D.decisions.slice();  // {action, scope, text, record?, column?, type?}
  var accepted = {};       // record number -> true
  D.accepted.forEach(function (r) { accepted[r] = true; });
  var pending = null;      // {record, column, text}: a kept word or phrase chosen to redact
  var unsaved = false;
  var WORD = "[\\p{L}\\p{N}_]";

  function esc(s) {
    return s.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function norm(s) { return s.split(/\s+/).filter(Boolean).join(" ").toLowerCase(); }
  function column(i) { return D.columns[i]; }

  // --- decisions -------------------------------------------------------------------------
  function sameCell(d, record, col) {
    return d.scope === "everywhere" ||
      (d.record === record && (!d.column || d.column.toLowerCase() === col.toLowerCase()));
  }
  function keptBy(record, col, value) {
    var v = norm(value);
    for (var i = 0; i < decisions.length; i++) {
      var d = decisions[i];
      if (d.action === "keep" && norm(d.text) === v && sameCell(d, record, col)) return i;
    }
    return -1;
  }
  var patterns = {};
  function occurrences(text, phrase) {
    var re = patterns[phrase];
    if (!re) {
      var body = phrase.split(/\s+/).filter(Boolean).map(function (p) {
        return p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      }).join("\\s+");
      re = patterns[phrase] = new RegExp("(?<!" + WORD + ")" + body + "(?!" + WORD + ")", "giu");
    }
    var out = [], m;
    re.lastIndex = 0;
    while ((m = re.exec(text)) !== null) {
      out.push([m.index, m.index + m[0].length]);
      if (m[0].length === 0) re.lastIndex++;
    }
    return out;
  }
  // The cell as the next run will redact it: spans less those kept, plus what decisions add.
  function effective(record, cell) {
    var col = column(cell[0]), text = cell[1], out = [];
    cell[2].forEach(function (s, i) {
      out.push({ a: s[0], b: s[1], type: D.types[s[2]], rule: D.rules[s[3]], score: s[4],
        weak: s[5] === 1, i: i, kept: keptBy(record, col, text.slice(s[0], s[1])) >= 0 });
    });
    decisions.forEach(function (d, k) {
      if (d.action !== "redact" || !sameCell(d, record, col)) return;
      occurrences(text, d.text).forEach(function (r) {
        var inside = out.some(function (s) { return !s.kept && s.a <= r[0] && r[1] <= s.b; });
        if (!inside) out.push({ a: r[0], b: r[1], type: d.type, rule: "review-decision",
          score: 1, added: true, decision: k });
      });
    });
    out.sort(function (x, y) { return x.a - y.a || y.b - x.b; });
    return out;
  }
  function addDecision(d) { decisions.push(d); unsaved = true; }
  function removeDecision(k) { decisions.splice(k, 1); unsaved = true; }

  // --- filters ---------------------------------------------------------------------------
  function passes(rec) {
    var any = state.type >= 0 || state.rule >= 0 || state.uncertain;
    var cells = rec[4];
    for (var c = 0; c < cells.length; c++) {
      var cell = cells[c];
      if (state.column >= 0 && cell[0] !== state.column) continue;
      if (!any) return true;
      if (state.uncertain && state.type < 0 && state.rule < 0 && cell[3].length) return true;
      var spans = cell[2];
      for (var s = 0; s < spans.length; s++) {
        var sp = spans[s];
        if ((state.type < 0 || sp[2] === state.type) && (state.rule < 0 || sp[3] === state.rule) &&
            (!state.uncertain || sp[5] === 1)) return true;
      }
    }
    return false;
  }
  function filter() {
    view = [];
    for (var i = 0; i < D.records.length; i++) if (passes(D.records[i])) view.push(i);
    state.page = 0;
    state.focus = 0;
  }

  // --- drawing ---------------------------------------------------------------------------
  function options(id, label, names) {
    var h = "<label>" + label + " <select id='" + id + "'><option value='-1'>all</option>";
    names.forEach(function (n, i) { h += "<option value='" + i + "'>" + esc(n) + "</option>"; });
    return h + "</select></label>";
  }
  function shell() {
    app.innerHTML =
      "<header><h1>Review: " + esc(D.file) + " (" + D.records.length.toLocaleString("en-GB") +
      " records with free text, highest risk first)</h1><div class='sha'>SHA-256 " + esc(D.sha256) +
      "</div></header>" +
      "<div class='bar'>" + options("f-type", "Type", D.types) + options("f-rule", "Rule", D.rules) +
      options("f-column", "Column", D.columns) +
      "<label><input type='checkbox' id='f-uncertain'> Uncertain only</label>" +
      "<button id='export-json'>Export decisions (JSON)</button>" +
      "<button id='export-toml'>Export decisions (TOML)</button></div>" +
      "<p class='help'>j / k: next / previous record · a: accept the record · n / p: next / previous page · " +
      "click a highlighted redaction to keep it (shift-click: keep it everywhere) · click an " +
      "underlined word, or select words in the original, then r: redact in this record, e: redact everywhere. " +
      "Decisions are lost when the page closes unless exported.</p>" +
      "<div class='pager' id='pager-top'></div><div id='list'></div><div class='pager' id='pager'></div>" +
      "<div id='decisions'></div>" +
      "<div id='tray'><span id='pending'>Nothing selected to redact.</span>" +
      options("redact-type", "as", D.types.length ? D.types : ["PERSON"]).replace("<option value='-1'>all</option>", "") +
      "<button id='redact-record' disabled>Redact in this record</button>" +
      "<button id='redact-everywhere' disabled>Redact everywhere</button>" +
      "<span id='counts'></span></div>";
  }
  function original(rec, cell, spans) {
    var text = cell[1], pos = 0, h = "", items = spans.slice();
    cell[3].forEach(function (c) { items.push({ a: c[0], b: c[1], cand: true }); });
    items.sort(function (x, y) { return x.a - y.a || y.b - x.b; });
    items.forEach(function (s) {
      if (s.a < pos) return;  // inside an earlier item
      h += esc(text.slice(pos, s.a));
      var v = esc(text.slice(s.a, s.b));
      if (s.cand) {
        h += "<span class='cand' data-a='" + s.a + "' data-b='" + s.b + "'>" + v + "</span>";
      } else if (s.added) {
        h += "<mark class='added' data-d='" + s.decision + "' data-l='" + s.type +
          " · decision' title='Redacted by your decision: click to undo'>" + v + "</mark>";
      } else {
        h += "<mark class='" + (s.weak ? "weak" : "") + (s.kept ? " kept" : "") + "' data-s='" + s.i +
          "' data-l='" + s.type + " · " + esc(s.rule) + " " + s.score + "' title='" + s.type + ", " +
          esc(s.rule) + ", score " + s.score + (s.kept ? " (kept by your decision)" : "") + "'>" + v + "</mark>";
      }
      pos = s.b;
    });
    return h + esc(text.slice(pos));
  }
  function redacted(cell, spans) {
    var text = cell[1], pos = 0, h = "";
    spans.forEach(function (s) {
      if (s.a < pos) return;
      h += esc(text.slice(pos, s.a));
      if (s.kept) h += "<span class='marker kept'>" + esc(text.slice(s.a, s.b)) + "</span>";
      else h += "<span class='marker" + (s.added ? " added" : "") + "'>[" + s.type + "]</span>";
      pos = s.b;
    });
    return h + esc(text.slice(pos));
  }
  function article(i, n) {
    var rec = D.records[i], h = "";
    rec[4].forEach(function (cell, c) {
      var spans = effective(rec[0], cell);
      h += "<div class='cell' data-c='" + c + "'><h3>" + esc(column(cell[0])) + "</h3>" +
        "<div class='pane orig' aria-label='original'>" + original(rec, cell, spans) + "</div>" +
        "<div class='pane red' aria-label='redacted'>" + redacted(cell, spans) + "</div></div>";
    });
    return "<article data-i='" + i + "' data-n='" + n + "' class='" + (accepted[rec[0]] ? "accepted" : "") +
      (n === state.focus ? " focus" : "") + "'><h2><span>#" + rec[2] + "</span><span>record " + rec[0] +
      "</span><span>risk " + rec[1] + "</span>" + (accepted[rec[0]] ? "<span>accepted</span>" : "") +
      "<span class='signals'>" + esc(rec[3]) + "</span></h2>" + h + "</article>";
  }
  function pages() { return Math.max(1, Math.ceil(view.length / D.pageSize)); }
  function draw() {
    var from = state.page * D.pageSize, to = Math.min(view.length, from + D.pageSize), h = "";
    for (var n = from; n < to; n++) h += article(view[n], n);
    document.getElementById("list").innerHTML = h || "<p class='help'>No record matches these filters.</p>";
    var p = "<button data-go='-1'" + (state.page ? "" : " disabled") + ">Previous page</button>" +
      "<span>Records " + (view.length ? from + 1 : 0) + "–" + to + " of " + view.length.toLocaleString("en-GB") +
      (view.length !== D.records.length ? " (filtered from " + D.records.length.toLocaleString("en-GB") + ")" : "") +
      " · page " + (state.page + 1) + " of " + pages() + "</span><button data-go='1'" +
      (state.page + 1 < pages() ? "" : " disabled") + ">Next page</button>";
    document.getElementById("pager").innerHTML = p;
    document.getElementById("pager-top").innerHTML = p;
    tray();
  }
  function tray() {
    var el = document.getElementById("pending");
    el.textContent = pending ? "Selected “" + pending.text + "” in record " + pending.record +
      " (" + pending.column + ")" : "Nothing selected to redact.";
    document.getElementById("redact-record").disabled = !pending;
    document.getElementById("redact-everywhere").disabled = !pending;
    var acc = Object.keys(accepted).length;
    document.getElementById("counts").textContent = decisions.length + " decision(s), " + acc +
      " record(s) accepted" + (unsaved ? " (not exported)" : "");
    var list = "<h2>Your decisions</h2><ul>";
    decisions.forEach(function (d, k) {
      list += "<li>" + (d.action === "keep" ? "keep" : "redact as " + d.type) + " “" + esc(d.text) + "” " +
        (d.scope === "everywhere" ? "everywhere" : "in record " + d.record + " (" + esc(d.column) + ")") +
        " <button data-undo='" + k + "'>undo</button></li>";
    });
    document.getElementById("decisions").innerHTML = decisions.length ? list + "</ul>" : "";
  }

  // --- actions ---------------------------------------------------------------------------
  function focusTo(n) {
    if (!view.length) return;
    n = Math.max(0, Math.min(view.length - 1, n));
    var page = Math.floor(n / D.pageSize);
    state.focus = n;
    if (page !== state.page) { state.page = page; draw(); }
    else {
      var old = document.querySelector("article.focus");
      if (old) old.classList.remove("focus");
    }
    var el = document.querySelector("article[data-n='" + n + "']");
    if (el) { el.classList.add("focus"); el.scrollIntoView({ block: "nearest" }); }
  }
  function accept() {
    var i = view[state.focus];
    if (i === undefined) return;
    var r = D.records[i][0];
    if (accepted[r]) delete accepted[r]; else accepted[r] = true;
    unsaved = true;
    draw();
    focusTo(state.focus + 1);
  }
  function cellOf(node) {
    var art = node.closest("article"), cellEl = node.closest(".cell");
    if (!art || !cellEl) return null;
    var rec = D.records[+art.dataset.i];
    return { rec: rec, cell: rec[4][+cellEl.dataset.c], n: +art.dataset.n };
  }
  function redactPending(scope) {
    if (!pending) return;
    var type = D.types.length ? D.types[+document.getElementById("redact-type").value] : "PERSON";
    var d = { action: "redact", scope: scope, text: pending.text, type: type };
    if (scope === "record") { d.record = pending.record; d.column = pending.column; }
    addDecision(d);
    pending = null;
    draw();
  }
  function exportAs(kind) {
    var out = { uofclean_decisions: 1, extract_sha256: D.sha256,
      accepted: Object.keys(accepted).map(Number).sort(function (a, b) { return a - b; }),
      decisions: decisions };
    var text;
    if (kind === "json") text = JSON.stringify(out, null, 2) + "\n";
    else {
      var q = function (v) { return JSON.stringify(v); };  // a JSON string is a TOML basic string
      text = "uofclean_decisions = 1\nextract_sha256 = " + q(D.sha256) + "\naccepted = " + q(out.accepted) + "\n";
      decisions.forEach(function (d) {
        text += "\n[[decisions]]\n";
        Object.keys(d).forEach(function (k) { text += k + " = " + q(d[k]) + "\n"; });
      });
    }
    var a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([text], { type: kind === "json" ? "application/json" : "application/toml" }));
    a.download = "decisions." + kind;
    document.body.appendChild(a);
    a.click();
    a.remove();
    unsaved = false;
    tray();
  }

  shell();
  var person = D.types.indexOf("PERSON");
  if (person >= 0) document.getElementById("redact-type").value = String(person);
  filter();
  draw();
  ["f-type", "f-rule", "f-column"].forEach(function (id) {
    document.getElementById(id).addEventListener("change", function (e) {
      var t0 = performance.now();
      state[id.slice(2)] = +e.target.value;
      filter();
      draw();
      document.body.dataset.filterMs = (performance.now() - t0).toFixed(1);
    });
  });
  document.getElementById("f-uncertain").addEventListener("change", function (e) {
    var t0 = performance.now();
    state.uncertain = e.target.checked;
    filter();
    draw();
    document.body.dataset.filterMs = (performance.now() - t0).toFixed(1);
  });
  document.getElementById("export-json").addEventListener("click", function () { exportAs("json"); });
  document.getElementById("export-toml").addEventListener("click", function () { exportAs("toml"); });
  document.getElementById("redact-record").addEventListener("click", function () { redactPending("record"); });
  document.getElementById("redact-everywhere").addEventListener("click", function () { redactPending("everywhere"); });
  app.addEventListener("click", function (e) {
    var t = e.target;
    if (t.dataset.go) { state.page += +t.dataset.go; state.focus = state.page * D.pageSize; draw(); window.scrollTo(0, 0); return; }
    if (t.dataset.undo !== undefined) { removeDecision(+t.dataset.undo); draw(); return; }
    var where = cellOf(t);
    if (!where) return;
    var col = column(where.cell[0]), rec = where.rec[0];
    if (t.matches("mark[data-s]")) {
      var s = where.cell[2][+t.dataset.s], value = where.cell[1].slice(s[0], s[1]);
      var k = keptBy(rec, col, value);
      if (k >= 0) removeDecision(k);
      else if (e.shiftKey) addDecision({ action: "keep", scope: "everywhere", text: value });
      else addDecision({ action: "keep", scope: "record", text: value, record: rec, column: col });
      state.focus = where.n;
      draw();
    } else if (t.matches("mark.added")) {
      removeDecision(+t.dataset.d);
      draw();
    } else if (t.matches(".cand")) {
      pending = { record: rec, column: col, text: where.cell[1].slice(+t.dataset.a, +t.dataset.b) };
      state.focus = where.n;
      draw();
    }
  });
  // Words chosen with the mouse in an original pane: what a reviewer sees left, not a candidate.
  app.addEventListener("mouseup", function () {
    var sel = window.getSelection();
    if (!sel || sel.isCollapsed) return;
    var text = sel.toString().trim(), node = sel.anchorNode && sel.anchorNode.parentElement;
    if (!text || !node || !node.closest(".pane.orig")) return;
    var where = cellOf(node);
    if (!where) return;
    pending = { record: where.rec[0], column: column(where.cell[0]), text: text };
    tray();
  });
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || /^(INPUT|SELECT|TEXTAREA)$/.test(e.target.tagName)) return;
    var k = e.key;
    if (k === "j") focusTo(state.focus + 1);
    else if (k === "k") focusTo(state.focus - 1);
    else if (k === "a") accept();
    else if (k === "n" && state.page + 1 < pages()) focusTo((state.page + 1) * D.pageSize);
    else if (k === "p" && state.page > 0) focusTo((state.page - 1) * D.pageSize);
    else if (k === "r") redactPending("record");
    else if (k === "e") redactPending("everywhere");
    else return;
    e.preventDefault();
  });
  window.addEventListener("beforeunload", function (e) {
    if (unsaved) { e.preventDefault(); e.returnValue = ""; }
  });
  document.body.dataset.readyMs = performance.now().toFixed(1);
})();

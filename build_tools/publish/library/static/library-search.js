/*
 * The search across the library (its page: <script>/search/), on the files that
 * build_tools/publish/library/search.py writes under assets/library/search/<script>/:
 * head.js, then per query only the shards it needs: jieba's words of its characters (v/),
 * pinyin (y/), which sections hold its characters and pairs of characters (p/), and the
 * chunks of text of its best candidates (t/). The reports' own engine (engine.js: folding,
 * jieba's cut, readers' words, pinyin, numbers, ranking, highlights) reads the query and
 * ranks the candidates. Every file is a <script> that calls window.__librarySearch: no fetch(),
 * so it works from file:// too.
 *
 * A query: its words (engine.analyse on the words of its characters); each word's candidate
 * sections are those that hold every pair of characters of one of its alternatives; sections
 * are ordered by how many of the words they may hold, then newest report first; the first
 * LIMIT within the filters (issuer, year) are loaded and ranked. The count says how many more
 * there are, so that a reader narrows the filters rather than reads an arbitrary cut.
 *
 * window.librarySearch = {search(query, filters) -> Promise<result>, bytes()} is what the
 * tests and the benchmark call.
 */
(function () {
  "use strict";

  // As many sections as the engine shows (its MAX_RESULTS): each may be a file to load.
  var LIMIT = 20;
  var SNIPPET = 100;
  var SELF = document.currentScript;
  var ROOT = new URL("../../", SELF ? SELF.src : location.href);
  var LANG = document.documentElement.lang === "zh-Hant" ? "zh-Hant" : "zh-Hans";
  var BASE = new URL("assets/library/search/" + LANG + "/", ROOT).href;
  var ENGINE = new URL("assets/library/search/engine.js", ROOT).href;
  var WORDS = {
    "zh-Hans": {
      found: "找到 {n} 个结果", more: "另有约 {m} 个段落也含这些词语，请按发布机关或年份缩小范围",
      partial: "其中 {k} 个只含部分词语", none: "没有找到", missing: "缺少：", loading: "正在加载…",
      failed: "索引加载失败", year: "年"
    },
    "zh-Hant": {
      found: "找到 {n} 個結果", more: "另有約 {m} 個段落也含這些詞語，請按發布機關或年份縮小範圍",
      partial: "其中 {k} 個只含部分詞語", none: "沒有找到", missing: "缺少：", loading: "正在載入…",
      failed: "索引載入失敗", year: "年"
    }
  }[LANG];

  // ---- loading ------------------------------------------------------------------------------
  var store = { head: null, p: {}, v: {}, y: {}, t: {} };
  var pending = {};
  var bytes = 0;
  window.__librarySearch = function (kind, n, data) {
    if (kind === "head") store.head = n;
    else store[kind][n] = data;
  };

  function load(url, ready) {
    if (ready()) return Promise.resolve();
    if (pending[url]) return pending[url];
    pending[url] = new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = url;
      s.onload = function () {
        var entry = performance.getEntriesByName ? performance.getEntriesByName(s.src)[0] : null;
        bytes += entry ? (entry.encodedBodySize || entry.transferSize || 0) : 0;
        resolve();
      };
      s.onerror = function () { delete pending[url]; reject(new Error("library search: " + url)); };
      document.head.appendChild(s);
    });
    return pending[url];
  }

  function shard(kind, n) {
    return load(BASE + kind + "/" + n + ".js", function () { return store[kind][n] !== undefined; });
  }

  var E = null, head = null, base = null;
  function start() {
    return Promise.all([
      load(BASE + "head.js", function () { return !!store.head; }),
      load(ENGINE, function () { return !!window.__reportSearchEngine; })
    ]).then(function () {
      E = window.__reportSearchEngine;
      head = store.head;
      base = E.prepare(raw("", "", [], []));
      return head;
    });
  }

  function fnv1a(s) {
    var h = 0x811c9dc5;
    for (var i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  function raw(vocab, py, pages, sections) {
    return { v: 2, script: head.script, fold: head.fold, lt: head.lt, vocab: vocab, pages: pages,
      sections: sections, x: head.x, ig: head.ig, py: py, pc: head.pc };
  }

  function joined(kind, ns) {
    return ns.map(function (n) { return store[kind][n]; }).filter(Boolean).join(";");
  }

  function unique(list) {
    return list.filter(function (x, i) { return list.indexOf(x) === i; });
  }

  // ---- phase 1: the query's words -----------------------------------------------------------
  function wordShards(folded) {
    var v = [], y = [];
    for (var i = 0; i < folded.length; i++) {
      var c = folded[i];
      if (/[\p{L}\p{N}]/u.test(c)) v.push(fnv1a(c) % head.shards.v);
      var reading = base.reading.get(c);
      if (reading) y.push(fnv1a(reading.slice(0, 2)) % head.shards.y);
    }
    (folded.match(/[a-z]+/g) || []).forEach(function (run) {
      for (var k = 0; k + 1 < run.length; k++) y.push(fnv1a(run.slice(k, k + 2)) % head.shards.y);
    });
    return { v: unique(v), y: unique(y) };
  }

  // ---- phase 2: candidates ------------------------------------------------------------------
  var parsed = {};
  function postings(key) {
    var n = fnv1a(key) % head.shards.p;
    var table = parsed[n];
    if (!table) {
      table = parsed[n] = new Map();
      (store.p[n] || "").split(";").forEach(function (entry) {
        var c = entry.indexOf(":");
        if (c > 0) table.set(entry.slice(0, c), entry.slice(c + 1));
      });
    }
    var encoded = table.get(key);
    if (!encoded) return [];
    var out = [], at = 0;
    encoded.split(",").forEach(function (gap) { at += parseInt(gap, 36); out.push(at); });
    return out;
  }

  function keysOf(s) {
    var lines = s.split("\n"), out = [];
    lines.forEach(function (line) {
      if (line.length === 1) out.push(line);
      for (var i = 0; i + 1 < line.length; i++) out.push(line.slice(i, i + 2));
    });
    return unique(out);
  }

  function intersect(lists) {
    if (!lists.length) return [];
    lists.sort(function (a, b) { return a.length - b.length; });
    var set = new Set(lists[0]);
    for (var i = 1; i < lists.length; i++) {
      var next = new Set(lists[i]);
      set.forEach(function (x) { if (!next.has(x)) set.delete(x); });
    }
    return Array.from(set);
  }

  // The chunk (and so the report) of a section id: the last chunk that starts at or before it.
  function chunkOf(id) {
    var lo = 0, hi = head.chunks.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (head.chunks[mid][0] <= id) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  function allowed(report, filters) {
    var r = head.reports[report];
    return (!filters.issuer || r[1] === filters.issuer) && (!filters.year || String(r[2]) === String(filters.year));
  }

  function candidates(q, filters) {
    var shares = new Map();
    q.words.forEach(function (w) {
      var found = new Set();
      w.alts.forEach(function (a) {
        intersect(keysOf(a.s).map(postings)).forEach(function (id) { found.add(id); });
      });
      found.forEach(function (id) {
        shares.set(id, (shares.get(id) || 0) + (w.single ? 0.01 : 1));
      });
    });
    var list = [];
    shares.forEach(function (share, id) {
      var chunk = chunkOf(id), report = head.chunks[chunk][1];
      if (allowed(report, filters)) list.push({ id: id, share: share, chunk: chunk, year: head.reports[report][2] });
    });
    list.sort(function (a, b) { return b.share - a.share || b.year - a.year || a.id - b.id; });
    return list;
  }

  // ---- a query ------------------------------------------------------------------------------
  function search(query, filters) {
    filters = filters || {};
    var started = performance.now();
    return start().then(function () {
      // One round for the words, their pinyin and the postings of the query as typed (the
      // words' other forms, if any, need a second): each round is a wait for the network.
      var folded = E.foldText(query, base.fold);
      var need = wordShards(folded);
      var typed = keysOf(E.squeezed(folded).s).map(function (k) { return fnv1a(k) % head.shards.p; });
      return Promise.all(need.v.map(function (n) { return shard("v", n); })
        .concat(need.y.map(function (n) { return shard("y", n); }))
        .concat(unique(typed).map(function (n) { return shard("p", n); }))).then(function () { return need; });
    }).then(function (need) {
      var words = raw(joined("v", need.v), joined("y", need.y), [], []);
      var q = E.analyse(query, E.prepare(words));
      var keys = [];
      q.words.forEach(function (w) { w.alts.forEach(function (a) { keys = keys.concat(keysOf(a.s)); }); });
      var pShards = unique(keys.map(function (k) { return fnv1a(k) % head.shards.p; }));
      return Promise.all(pShards.map(function (n) { return shard("p", n); })).then(function () {
        return { words: words, q: q };
      });
    }).then(function (state) {
      var found = candidates(state.q, filters), picked = found.slice(0, LIMIT);
      var chunks = unique(picked.map(function (c) { return c.chunk; }));
      return Promise.all(chunks.map(function (n) { return shard("t", n); })).then(function () {
        return rank(query, state.words, picked, found.length, started);
      });
    });
  }

  function rank(query, words, picked, total, started) {
    var wanted = new Set(picked.map(function (c) { return c.id; }));
    var pages = [], sections = [], reportOf = [];
    unique(picked.map(function (c) { return c.chunk; })).sort(function (a, b) { return a - b; }).forEach(function (n) {
      var data = store.t[n], first = head.chunks[n][0];
      pages.push(data.pages[0]);
      data.sections.forEach(function (s, k) {
        if (!wanted.has(first + k)) return;
        sections.push([pages.length - 1, s[1], s[2], s[3], s[4], s[5]]);
        reportOf.push(head.chunks[n][1]);
      });
    });
    var ix = E.prepare(raw(words.vocab, words.py, pages, sections));
    var res = E.search(query, ix);
    res.hits.forEach(function (h) { h.report = head.reports[reportOf[ix.sections.indexOf(h.s)]]; });
    res.candidates = total;
    res.ms = performance.now() - started;
    return res;
  }

  // ---- the page -----------------------------------------------------------------------------
  var form = document.querySelector(".lib-search");
  if (!form) {
    window.librarySearch = { search: search, bytes: function () { return bytes; } };
    return;
  }
  var input = form.elements.namedItem("q");
  var issuer = form.elements.namedItem("issuer");
  var year = form.elements.namedItem("year");
  var status = document.querySelector(".lib-search-status");
  var list = document.querySelector(".lib-results");
  var seq = 0;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function marked(parent, text, rs) {
    var at = 0, window_ = [0, Math.min(text.length, SNIPPET)];
    if (rs.length) window_ = [Math.max(0, rs[0][0] - 20), Math.min(text.length, Math.max(0, rs[0][0] - 20) + SNIPPET)];
    at = window_[0];
    if (at > 0) parent.appendChild(document.createTextNode("…"));
    rs.forEach(function (r) {
      var a = Math.max(r[0], at), b = Math.min(r[1], window_[1]);
      if (b <= a) return;
      parent.appendChild(document.createTextNode(text.slice(at, a)));
      parent.appendChild(el("mark", "", text.slice(a, b)));
      at = b;
    });
    parent.appendChild(document.createTextNode(text.slice(at, window_[1]) + (window_[1] < text.length ? "…" : "")));
  }

  function href(h, query) {
    var url = new URL(h.s.page[0], ROOT);
    if (url.protocol === "file:" && url.pathname.slice(-1) === "/") url.pathname += "index.html";
    url.search = "?q=" + encodeURIComponent(query);
    url.hash = h.s.anchor;
    return url.href;
  }

  function show(res, query) {
    list.textContent = "";
    var terms = E.markTerms(res.q);
    res.hits.forEach(function (h) {
      var item = el("li", "lib-result"), link = el("a", "lib-result__title");
      link.href = href(h, query);
      link.appendChild(el("span", "lib-result__report", h.report[3]));
      link.appendChild(document.createTextNode(" · " + h.s.title));
      item.appendChild(link);
      var snippet = el("p", "lib-result__text");
      marked(snippet, h.s.text, E.ranges(h.s.B, terms));
      item.appendChild(snippet);
      if (!h.all) item.classList.add("lib-result--partial");
      list.appendChild(item);
    });
    var line = res.hits.length ? WORDS.found.replace("{n}", res.hits.length) : WORDS.none + "：" + query;
    if (res.hits.length && res.complete < res.hits.length) line += "；" + WORDS.partial.replace("{k}", res.hits.length - res.complete);
    if (res.missing.length) line += "；" + WORDS.missing + res.missing.join("、");
    if (res.candidates > LIMIT) line += "。" + WORDS.more.replace("{m}", res.candidates - LIMIT);
    status.textContent = line;
  }

  function run() {
    var query = input.value.trim(), mine = ++seq;
    var params = new URLSearchParams(location.search);
    [input, issuer, year].forEach(function (f) { if (f.value) params.set(f.name, f.value); else params.delete(f.name); });
    try { history.replaceState(null, "", location.pathname + (params.toString() ? "?" + params : "")); } catch (e) { /* file:// */ }
    if (!query) { list.textContent = ""; status.textContent = ""; return; }
    status.textContent = WORDS.loading;
    search(query, { issuer: issuer.value, year: year.value }).then(function (res) {
      if (mine === seq) show(res, query);
    }, function () { if (mine === seq) status.textContent = WORDS.failed; });
  }

  var composing = false;
  input.addEventListener("compositionstart", function () { composing = true; });
  input.addEventListener("compositionend", function () { composing = false; run(); });
  input.addEventListener("input", function () { if (!composing) run(); });
  [issuer, year].forEach(function (s) { s.addEventListener("change", run); });
  form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
  var params = new URLSearchParams(location.search);
  [input, issuer, year].forEach(function (f) { if (params.get(f.name)) f.value = params.get(f.name); });
  form.hidden = false;
  window.librarySearch = { search: search, bytes: function () { return bytes; } };
  // The page is for searching: the head and the engine load now, not on the first keystroke.
  start().catch(function () { status.textContent = WORDS.failed; });
  if (input.value) run();
})();

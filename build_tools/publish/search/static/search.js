/* The report's search: full text, either script, theme-independent, no network, works from
 * file://. Written into the built site by build_tools/publish/search (README: "The search").
 *
 * Loaded with <script src=".../assets/search/search.js" defer>. It adds a search button
 * (into Material's header when there is one, else fixed at the top right), a <dialog> with the
 * search box and the results, and highlights ?q= terms on arrival. The index is
 * assets/search/index.js, a script that sets window.__reportSearchIndex, loaded on first
 * use (a <script> element, not fetch(), so it also loads under file://).
 *
 * Matching: the query and the text are folded the same way, one character for one
 * (Traditional -> Simplified, full-width -> ASCII, lower case), so either script finds the
 * same text and highlights land on the displayed characters. The folded query is cut into
 * words with jieba's own algorithm (prefix DAG + maximum-probability route, no HMM) and the
 * dictionary words of the text; words are matched as substrings of the text with spaces and
 * punctuation squeezed out (so 〔2018〕2号 = [2018]2号 = (2018)2号), digits never match inside
 * a longer number. Score: BM25-like per word, titles count more, whole-query and adjacent-word
 * bonuses, multiplied by the square of the share of the query found and the page's weight.
 *
 * window.reportSearch = {load, search, cut, open} is what the tests and the benchmark call
 * (tests/test_search_browser.py: cut() must equal Python jieba's cut of the folded text).
 */
(function () {
  "use strict";

  var SELF = document.currentScript;
  var BASE = SELF ? new URL("../../", SELF.src) : new URL("./", location.href);
  var INDEX_URL = new URL("assets/search/index.js", BASE).href;
  var LANG = (document.documentElement.lang || "zh-Hans").indexOf("Hant") >= 0 ? "zh-Hant" : "zh-Hans";
  var LABELS = {
    "zh-Hans": {
      button: "搜索", dialog: "搜索报告", input: "搜索报告内容", placeholder: "搜索报告，如：营商环境、2018年7月",
      results: "搜索结果", count: "找到 {n} 个结果", none: "没有找到相关内容", loading: "正在加载索引…",
      close: "关闭搜索", failed: "索引加载失败", hint: "↑↓ 选择 · 回车打开 · Esc 关闭", clear: "清除高亮"
    },
    "zh-Hant": {
      button: "搜尋", dialog: "搜尋報告", input: "搜尋報告內容", placeholder: "搜尋報告，如：營商環境、2018年7月",
      results: "搜尋結果", count: "找到 {n} 個結果", none: "沒有找到相關內容", loading: "正在載入索引…",
      close: "關閉搜尋", failed: "索引載入失敗", hint: "↑↓ 選擇 · Enter 開啟 · Esc 關閉", clear: "清除醒目標示"
    }
  }[LANG];

  var TITLE_W = 2.0;     // a word in the heading counts this much more than in the body
  var PHRASE_W = 1.5;    // the whole query, in order and adjacent
  var ADJ_W = 0.75;      // two consecutive query words next to each other
  var SINGLE_W = 0.4;    // a one-character word (jieba found no longer word)
  var K1 = 1.2;          // BM25 term-frequency saturation
  var MAX_RESULTS = 20;
  var SNIPPET = 90;

  // ---- index ------------------------------------------------------------------------------
  var idx = null, loading = null;

  function loadIndex() {
    if (idx) return Promise.resolve(idx);
    if (loading) return loading;
    var started = performance.now();
    loading = new Promise(function (resolve, reject) {
      if (window.__reportSearchIndex) { resolve(prepare(window.__reportSearchIndex)); return; }
      var s = document.createElement("script");
      s.src = INDEX_URL;
      s.onload = function () { resolve(prepare(window.__reportSearchIndex)); };
      s.onerror = function () { loading = null; reject(new Error("report search: index not loaded")); };
      document.head.appendChild(s);
    }).then(function (ready) {
      idx = ready;
      window.__reportSearchLoadMs = performance.now() - started;  // script load + prepare
      return ready;
    });
    return loading;
  }

  function prepare(raw) {
    var fold = new Map();
    for (var i = 0; i + 1 < raw.fold.length; i += 2) fold.set(raw.fold[i], raw.fold[i + 1]);
    var vocab = new Map(), maxLen = 1;
    raw.vocab.split(";").forEach(function (entry) {
      var c = entry.lastIndexOf(",");
      var w = entry.slice(0, c);
      vocab.set(w, parseInt(entry.slice(c + 1), 36));
      if (w.length > maxLen) maxLen = w.length;
    });
    var ix = { fold: fold, vocab: vocab, maxLen: maxLen, logTotal: raw.lt, pages: raw.pages, sections: [] };
    raw.sections.forEach(function (s) {
      ix.sections.push({
        page: raw.pages[s[0]], anchor: s[1], title: s[2], text: s[3], level: s[4],
        T: squeezed(foldText(s[2], fold)), B: squeezed(foldText(s[3], fold))
      });
    });
    return ix;
  }

  // ---- folding and squeezing ----------------------------------------------------------------
  function foldChar(c, fold) {
    var f = fold.get(c);
    if (f) return f;
    var code = c.charCodeAt(0);
    if (code >= 0xff01 && code <= 0xff5e) c = String.fromCharCode(code - 0xfee0);
    else if (code === 0x3000) return " ";
    return c >= "A" && c <= "Z" ? c.toLowerCase() : c;
  }

  function foldText(text, fold) {
    var out = "";
    for (var i = 0; i < text.length; i++) out += foldChar(text[i], fold);
    return out;
  }

  var KEEP = /[\p{L}\p{N}%.\n]/u;
  function squeezed(folded) {
    var s = "", pos = [];
    for (var i = 0; i < folded.length; i++) {
      if (KEEP.test(folded[i])) { s += folded[i]; pos.push(i); }
    }
    return { f: folded, s: s, pos: pos };
  }

  // ---- jieba: DAG + max-probability route, no HMM (jieba.cut(text, HMM=False)) ---------------
  var BLOCK = /[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]+/g;
  var ENG = /^[a-zA-Z0-9]$/;
  var WORDISH = /[\p{L}\p{N}]/u;

  function cutBlock(s, ix) {
    var n = s.length, route = new Array(n + 1);
    route[n] = [0, 0];
    for (var i = n - 1; i >= 0; i--) {
      var best = -Infinity, bestX = i;
      for (var x = i; x < n && x - i < ix.maxLen; x++) {
        var f = ix.vocab.get(s.slice(i, x + 1));
        if (x === i) f = f || 1; else if (!f) continue;
        var score = Math.log(f) - ix.logTotal + route[x + 1][0];
        if (score > best || (score === best && x > bestX)) { best = score; bestX = x; }
      }
      route[i] = [best, bestX];
    }
    var words = [], buf = "";
    for (var k = 0; k < n;) {
      var y = route[k][1] + 1, w = s.slice(k, y);
      if (w.length === 1 && ENG.test(w)) buf += w;
      else { if (buf) { words.push(buf); buf = ""; } words.push(w); }
      k = y;
    }
    if (buf) words.push(buf);
    return words;
  }

  function cut(folded, ix) {
    var words = [];
    (folded.match(BLOCK) || []).forEach(function (b) {
      cutBlock(b, ix).forEach(function (w) { if (WORDISH.test(w)) words.push(w); });
    });
    return words;
  }

  function analyse(query, ix) {
    var folded = foldText(query, ix.fold);
    var words = cut(folded, ix), terms = [];
    words.forEach(function (w) { if (terms.indexOf(w) < 0) terms.push(w); });
    return { words: words, terms: terms, phrase: squeezed(folded).s.replace(/\n/g, "") };
  }

  // ---- matching -----------------------------------------------------------------------------
  function isDigit(c) { return c >= "0" && c <= "9"; }

  // Start offsets in the squeezed text of matches of `term` (digits never inside a longer number).
  function find(sq, term) {
    var out = [], from = 0, headDigit = isDigit(term[0]), tailDigit = isDigit(term[term.length - 1]);
    for (;;) {
      var at = sq.s.indexOf(term, from);
      if (at < 0) return out;
      from = at + 1;
      var start = sq.pos[at], end = sq.pos[at + term.length - 1];
      if (headDigit && start > 0 && isDigit(sq.f[start - 1])) continue;
      if (tailDigit && end + 1 < sq.f.length && isDigit(sq.f[end + 1])) continue;
      out.push(at);
    }
  }

  function isHan(w) { return /^[\u3400-\u9fff]$/.test(w); }

  function search(query, ix) {
    var q = analyse(query, ix);
    if (!q.terms.length) return { q: q, hits: [] };
    var N = ix.sections.length;
    var stats = q.terms.map(function (t) {
      var df = 0;
      var per = ix.sections.map(function (s) {
        var b = find(s.B, t).length, ti = find(s.T, t).length > 0;
        if (b || ti) df++;
        return { b: b, t: ti };
      });
      var idf = Math.log(1 + (N - df + 0.5) / (df + 0.5));
      if (t.length === 1 && isHan(t) && q.terms.length > 1) idf *= SINGLE_W;
      return { term: t, idf: idf, df: df, per: per };
    });
    var totalIdf = stats.reduce(function (a, st) { return a + st.idf; }, 0) || 1;
    var pairs = [];
    for (var i = 0; i + 1 < q.words.length; i++) pairs.push([q.words[i], q.words[i + 1]]);
    var hits = [];
    ix.sections.forEach(function (s, si) {
      var score = 0, covered = 0;
      stats.forEach(function (st) {
        var m = st.per[si];
        if (!m.b && !m.t) return;
        covered += st.idf;
        score += st.idf * ((m.b * (K1 + 1)) / (m.b + K1) + (m.t ? TITLE_W : 0));
      });
      if (!score) return;
      if (q.words.length > 1 && q.phrase) {
        var pb = find(s.B, q.phrase).length ? 1 : 0, pt = find(s.T, q.phrase).length ? TITLE_W : 0;
        score += PHRASE_W * totalIdf * (pb + pt);
      }
      pairs.forEach(function (p) {
        var a = stats[q.terms.indexOf(p[0])], b = stats[q.terms.indexOf(p[1])];
        var joined = p[0] + p[1];
        var inB = find(s.B, joined).length ? 1 : 0, inT = find(s.T, joined).length ? TITLE_W : 0;
        score += ADJ_W * (a.idf + b.idf) / 2 * (inB + inT);
      });
      var coverage = covered / totalIdf;
      score *= coverage * coverage * s.page[2];
      hits.push({ s: s, score: score });
    });
    hits.sort(function (a, b) { return b.score - a.score; });
    return { q: q, hits: hits.slice(0, MAX_RESULTS), total: hits.length };
  }

  // ---- highlighting -------------------------------------------------------------------------
  // Terms worth marking: words of two or more characters, numbers, or the only word there is.
  function markTerms(q) {
    var long = q.terms.filter(function (t) { return t.length > 1 || !isHan(t); });
    var list = long.length ? long : q.terms.slice();
    if (q.phrase && q.words.length > 1 && list.indexOf(q.phrase) < 0) list.unshift(q.phrase);
    return list;
  }

  // [start, end) ranges in the folded (= displayed) text, merged.
  function ranges(sq, terms) {
    var rs = [];
    terms.forEach(function (t) {
      find(sq, t).forEach(function (at) { rs.push([sq.pos[at], sq.pos[at + t.length - 1] + 1]); });
    });
    rs.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var out = [];
    rs.forEach(function (r) {
      var last = out[out.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]); else out.push(r.slice());
    });
    return out;
  }

  function appendMarked(parent, text, rs, from, to) {
    var at = from;
    rs.forEach(function (r) {
      var a = Math.max(r[0], from), b = Math.min(r[1], to);
      if (b <= a) return;
      if (a > at) parent.appendChild(document.createTextNode(text.slice(at, a)));
      var m = document.createElement("mark");
      m.className = "rs-mark";
      m.textContent = text.slice(a, b);
      parent.appendChild(m);
      at = b;
    });
    if (at < to) parent.appendChild(document.createTextNode(text.slice(at, to)));
  }

  function snippetWindow(text, rs) {
    if (!rs.length) return [0, Math.min(text.length, SNIPPET)];
    var best = rs[0][0], bestCount = 0;
    rs.forEach(function (r) {
      var c = rs.filter(function (o) { return o[0] >= r[0] && o[1] <= r[0] + SNIPPET - 20; }).length;
      if (c > bestCount) { bestCount = c; best = r[0]; }
    });
    var start = Math.max(0, best - 20);
    var nl = text.lastIndexOf("\n", best);
    if (nl >= start) start = nl + 1;
    return [start, Math.min(text.length, start + SNIPPET)];
  }

  // ---- UI -----------------------------------------------------------------------------------
  var ui = null;

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text) e.textContent = text;
    return e;
  }

  var ICON = '<svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">' +
    '<path fill="currentColor" d="M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5"/></svg>';

  function buildUI() {
    var button = el("button", { type: "button", class: "rs-open", "aria-label": LABELS.dialog,
      "aria-haspopup": "dialog", title: LABELS.dialog + "（/）" });
    button.innerHTML = ICON + '<span class="rs-open__label"></span>';
    button.lastChild.textContent = LABELS.button;
    var header = document.querySelector(".md-header__inner");
    if (header) {
      var before = header.querySelector(".md-header__source");
      header.insertBefore(button, before);
      button.classList.add("rs-open--header");
    } else {
      button.classList.add("rs-open--fixed");
      document.body.appendChild(button);
    }

    var dialog = el("dialog", { class: "rs-dialog", "aria-label": LABELS.dialog, lang: LANG });
    var form = el("div", { class: "rs-bar", role: "search" });
    var input = el("input", { type: "search", class: "rs-input", role: "combobox", "aria-label": LABELS.input,
      placeholder: LABELS.placeholder, autocomplete: "off", spellcheck: "false", "aria-autocomplete": "list",
      "aria-expanded": "false", "aria-controls": "rs-results", enterkeyhint: "search" });
    var close = el("button", { type: "button", class: "rs-close", "aria-label": LABELS.close }, "×");
    form.appendChild(input);
    form.appendChild(close);
    var status = el("p", { class: "rs-status", role: "status", "aria-live": "polite" });
    var list = el("ul", { id: "rs-results", class: "rs-results", role: "listbox", "aria-label": LABELS.results });
    var hint = el("p", { class: "rs-hint", "aria-hidden": "true" }, LABELS.hint);
    dialog.appendChild(form);
    dialog.appendChild(status);
    dialog.appendChild(list);
    dialog.appendChild(hint);
    document.body.appendChild(dialog);

    ui = { button: button, dialog: dialog, input: input, list: list, status: status, active: -1, last: null };

    button.addEventListener("click", openDialog);
    // Start loading the index as soon as the reader heads for the button.
    ["pointerenter", "focus", "touchstart"].forEach(function (ev) {
      button.addEventListener(ev, function () { loadIndex().catch(function () {}); }, { passive: true });
    });
    close.addEventListener("click", closeDialog);
    dialog.addEventListener("click", function (e) { if (e.target === dialog) closeDialog(); });
    dialog.addEventListener("close", function () { button.focus(); });
    // Every way text gets in: typing, IME commit (keyboard or mouse), paste, drop, autofill.
    input.addEventListener("input", function (e) { if (!e.isComposing) run(); });
    input.addEventListener("compositionend", run);
    input.addEventListener("keydown", onKey);
    document.addEventListener("keydown", function (e) {
      var t = e.target, typing = t && (t.isContentEditable || /^(input|textarea|select)$/i.test(t.tagName));
      if (dialog.open || typing) return;
      if (e.key === "/" || ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "k")) {
        e.preventDefault();
        openDialog();
      }
    });
  }

  function openDialog() {
    if (!ui.dialog.open) ui.dialog.showModal();
    ui.input.focus();
    ui.input.select();
    if (!idx) ui.status.textContent = LABELS.loading;
    loadIndex().then(function () {
      if (ui.status.textContent === LABELS.loading) ui.status.textContent = "";
      run();
    }, function () { ui.status.textContent = LABELS.failed; });
  }

  function closeDialog() { if (ui.dialog.open) ui.dialog.close(); }

  function onKey(e) {
    var items = ui.list.children;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (!items.length) return;
      e.preventDefault();
      var d = e.key === "ArrowDown" ? 1 : -1;
      setActive((ui.active + d + items.length) % items.length);
    } else if (e.key === "Enter") {
      var item = items[ui.active >= 0 ? ui.active : 0];
      if (item) { e.preventDefault(); item.querySelector("a").click(); }
    }
  }

  function setActive(i) {
    var items = ui.list.children;
    if (ui.active >= 0 && items[ui.active]) items[ui.active].setAttribute("aria-selected", "false");
    ui.active = i;
    if (i >= 0 && items[i]) {
      items[i].setAttribute("aria-selected", "true");
      ui.input.setAttribute("aria-activedescendant", items[i].id);
      items[i].scrollIntoView({ block: "nearest" });
    } else ui.input.removeAttribute("aria-activedescendant");
  }

  function href(s, query) {
    var url = new URL(s.page[0], BASE);
    if (url.protocol === "file:" && /\/$/.test(url.pathname)) url.pathname += "index.html";
    url.search = "?q=" + encodeURIComponent(query);
    url.hash = s.anchor;
    return url.href;
  }

  function run() {
    if (!idx) return;
    var query = ui.input.value.trim();
    if (query === ui.last) return;
    ui.last = query;
    var t0 = performance.now();
    ui.list.textContent = "";
    setActive(-1);
    if (!query) { ui.status.textContent = ""; ui.input.setAttribute("aria-expanded", "false"); return; }
    var res = search(query, idx);
    var terms = markTerms(res.q);
    var frag = document.createDocumentFragment();
    res.hits.forEach(function (h, i) {
      var s = h.s;
      var li = el("li", { id: "rs-opt-" + i, role: "option", "aria-selected": "false", class: "rs-item" });
      var a = el("a", { href: href(s, query), tabindex: "-1" });
      var head = el("span", { class: "rs-head" });
      if (s.level > 1 || s.title !== s.page[1]) head.appendChild(el("span", { class: "rs-page" }, s.page[1]));
      var title = el("span", { class: "rs-title" });
      appendMarked(title, s.title, ranges(s.T, terms), 0, s.title.length);
      head.appendChild(title);
      a.appendChild(head);
      if (s.text) {
        var rs = ranges(s.B, terms), w = snippetWindow(s.text, rs);
        var snip = el("span", { class: "rs-snippet" });
        if (w[0] > 0) snip.appendChild(document.createTextNode("…"));
        appendMarked(snip, s.text.replace(/\n/g, " "), rs, w[0], w[1]);
        if (w[1] < s.text.length) snip.appendChild(document.createTextNode("…"));
        a.appendChild(snip);
      }
      li.appendChild(a);
      li.addEventListener("mousemove", function () { if (ui.active !== i) setActive(i); });
      frag.appendChild(li);
    });
    ui.list.appendChild(frag);
    ui.input.setAttribute("aria-expanded", res.hits.length ? "true" : "false");
    ui.status.textContent = res.hits.length ? LABELS.count.replace("{n}", res.total) : LABELS.none;
    window.__reportSearchLast = { query: query, ms: performance.now() - t0 };
  }

  // ---- highlight on arrival (?q=) ------------------------------------------------------------
  function article() {
    return document.querySelector("article") || document.querySelector("[role=main]") || document.body;
  }

  function highlightPage(query) {
    var ix = idx, root = article();
    var terms = markTerms(analyse(query, ix));
    if (!terms.length) return 0;
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        var p = n.parentElement;
        if (!n.nodeValue.trim() || !p || p.closest("script,style,svg,.headerlink,mark.rs-mark,.rs-dialog")) {
          return NodeFilter.FILTER_REJECT;
        }
        return NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [], n, count = 0;
    while ((n = walker.nextNode())) nodes.push(n);
    nodes.forEach(function (node) {
      var text = node.nodeValue, rs = ranges(squeezed(foldText(text, ix.fold)), terms);
      if (!rs.length) return;
      var frag = document.createDocumentFragment();
      appendMarked(frag, text, rs, 0, text.length);
      node.parentNode.replaceChild(frag, node);
      count += rs.length;
    });
    if (count) document.documentElement.classList.add("rs-highlighted");
    return count;
  }

  // The ?q= the page was opened with. Read from the navigation entry too: a theme may rewrite
  // the address before this deferred script runs (Material's navigation.tracking replaces it
  // with page#section, dropping the query).
  function arrivalQuery() {
    var q = new URLSearchParams(location.search).get("q");
    var nav = performance.getEntriesByType && performance.getEntriesByType("navigation")[0];
    if (!q && nav && nav.name) {
      try { q = new URL(nav.name).searchParams.get("q"); } catch (e) { q = null; }
    }
    return q;
  }

  function onArrival() {
    var q = arrivalQuery();
    if (!q) return;
    loadIndex().then(function () {
      highlightPage(q);
      var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
      if (target) target.scrollIntoView();
      if (ui) ui.input.value = q;
    });
  }

  function init() {
    buildUI();
    onArrival();
    window.reportSearch = { load: loadIndex, search: function (q) { return search(q, idx); },
      cut: function (t) { return cut(foldText(t, idx.fold), idx); }, open: openDialog };
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

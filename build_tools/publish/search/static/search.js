/* The report's search: full text, either script, theme-independent, no network, works from
 * file://. Written into the built site by build_tools/publish/search (README: "The search").
 *
 * Loaded with <script src=".../assets/search/search.js" defer>. It adds a search button
 * (into Material's header when there is one, else fixed at the top right), a <dialog> with the
 * search box and the results, and highlights ?q= terms on arrival (with a control that clears
 * them). The index (assets/search/index.js, a script that sets window.__reportSearchIndex) and
 * the engine (engine.js: what a query means, the ranking) load on first use, as <script>
 * elements, not fetch(), so they also load under file://.
 *
 * Keyboard: / or Ctrl+K opens; typing searches (never while an input method is composing:
 * Enter and the arrows then belong to the input method); ↑↓ choose, Enter opens; Tab and
 * Shift+Tab walk the result links; one Esc closes and keeps the query. On touch screens the
 * key hints are not shown and every control is at least 44 px.
 *
 * window.reportSearch = {load, search, cut, open} is what the tests and the benchmark call
 * (tests/test_search_browser.py: cut() must equal Python jieba's cut of the folded text).
 */
(function () {
  "use strict";

  var SELF = document.currentScript;
  var BASE = SELF ? new URL("../../", SELF.src) : new URL("./", location.href);
  var INDEX_URL = new URL("assets/search/index.js", BASE).href;
  var ENGINE_URL = new URL("assets/search/engine.js", BASE).href;
  var LANG = (document.documentElement.lang || "zh-Hans").indexOf("Hant") >= 0 ? "zh-Hant" : "zh-Hans";
  var LABELS = {
    "zh-Hans": {
      button: "搜索", dialog: "搜索报告", input: "搜索报告内容", placeholder: "搜索报告，如：营商环境、2018年7月",
      results: "搜索结果", count: "找到 {n} 个结果", partial: "另有 {n} 个只含部分词语",
      onlyPartial: "没有同时含全部词语的结果，{n} 个只含部分词语", missing: "缺少：", none: "没有找到：",
      try: "相近的词：", browse: "也可以查看", glossary: "术语表", contents: "目录", loading: "正在加载索引…",
      close: "关闭搜索", failed: "索引加载失败", hint: "↑↓ 选择 · 回车打开 · Tab 逐个结果 · Esc 关闭",
      clear: "清除高亮", marks: "已高亮 {n} 处", sep: "、",
      why: { reader: ["→", ""], pinyin: ["→", "（拼音）"], typo: ["→", "（音近）"], number: ["=", ""] }
    },
    "zh-Hant": {
      button: "搜尋", dialog: "搜尋報告", input: "搜尋報告內容", placeholder: "搜尋報告，如：營商環境、2018年7月",
      results: "搜尋結果", count: "找到 {n} 個結果", partial: "另有 {n} 個只含部分詞語",
      onlyPartial: "沒有同時含全部詞語的結果，{n} 個只含部分詞語", missing: "缺少：", none: "沒有找到：",
      try: "相近的詞：", browse: "也可以查看", glossary: "術語表", contents: "目錄", loading: "正在載入索引…",
      close: "關閉搜尋", failed: "索引載入失敗", hint: "↑↓ 選擇 · Enter 開啟 · Tab 逐個結果 · Esc 關閉",
      clear: "清除醒目標示", marks: "已標示 {n} 處", sep: "、",
      why: { reader: ["→", ""], pinyin: ["→", "（拼音）"], typo: ["→", "（音近）"], number: ["=", ""] }
    }
  }[LANG];
  var SNIPPET = 90;
  // Characters shown before a snippet's first match: fewer where a snippet is one short line.
  var LEAD = window.matchMedia && window.matchMedia("(max-width: 37.5em)").matches ? 4 : 20;
  var FINE_POINTER = window.matchMedia && window.matchMedia("(hover: hover) and (pointer: fine)").matches;

  // ---- loading ------------------------------------------------------------------------------
  var idx = null, E = null, loading = null;

  function loadScript(url, ready) {
    return new Promise(function (resolve, reject) {
      if (ready()) { resolve(); return; }
      var s = document.createElement("script");
      s.src = url;
      s.onload = function () { resolve(); };
      s.onerror = function () { reject(new Error("report search: " + url + " not loaded")); };
      document.head.appendChild(s);
    });
  }

  function loadIndex() {
    if (idx) return Promise.resolve(idx);
    if (loading) return loading;
    var started = performance.now();
    loading = Promise.all([
      loadScript(INDEX_URL, function () { return !!window.__reportSearchIndex; }),
      loadScript(ENGINE_URL, function () { return !!window.__reportSearchEngine; })
    ]).then(function () {
      E = window.__reportSearchEngine;
      idx = E.prepare(window.__reportSearchIndex);
      window.__reportSearchLoadMs = performance.now() - started;  // scripts + prepare
      return idx;
    }, function (err) { loading = null; throw err; });
    return loading;
  }

  // ---- results ------------------------------------------------------------------------------
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
      var c = rs.filter(function (o) { return o[0] >= r[0] && o[1] <= r[0] + SNIPPET - LEAD; }).length;
      if (c > bestCount) { bestCount = c; best = r[0]; }
    });
    var start = Math.max(0, best - LEAD);
    var nl = text.lastIndexOf("\n", best);
    if (nl >= start) start = nl + 1;
    return [start, Math.min(text.length, start + SNIPPET)];
  }

  // A report word as the section displays it (the site's script): the index holds it folded.
  function shown(s, folded) {
    var parts = [[s.T, s.title], [s.C, s.context], [s.B, s.text]];
    for (var i = 0; i < parts.length; i++) {
      var r = E.ranges(parts[i][0], [folded]);
      if (r.length) return parts[i][1].slice(r[0][0], r[0][1]);
    }
    return folded;
  }

  // 「开公司」→ 企业开办: why a section matched a word the reader did not type as such.
  function whyLine(h) {
    var seen = {}, parts = [];
    h.why.forEach(function (w) {
      var how = LABELS.why[w[2]], text = "「" + w[0] + "」" + how[0] + " " + shown(h.s, w[1]) + how[1];
      if (!seen[text]) { seen[text] = true; parts.push(text); }
    });
    return parts.join("；");
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
    var attrs = { type: "button", class: "rs-open", "aria-label": LABELS.dialog, "aria-haspopup": "dialog" };
    if (FINE_POINTER) attrs.title = LABELS.dialog + "（/）";
    var button = el("button", attrs);
    button.innerHTML = ICON + '<span class="rs-open__label"></span>';
    button.lastChild.textContent = LABELS.button;
    var header = document.querySelector(".md-header__inner");
    if (header) {
      header.insertBefore(button, header.querySelector(".md-header__source"));
      button.classList.add("rs-open--header");
    } else {
      button.classList.add("rs-open--fixed");
      document.body.appendChild(button);
    }

    var dialog = el("dialog", { class: "rs-dialog", "aria-label": LABELS.dialog, lang: LANG });
    var bar = el("div", { class: "rs-bar", role: "search" });
    var input = el("input", { type: "search", class: "rs-input", role: "combobox", "aria-label": LABELS.input,
      placeholder: LABELS.placeholder, autocomplete: "off", spellcheck: "false", "aria-autocomplete": "list",
      "aria-expanded": "false", "aria-controls": "rs-results", enterkeyhint: "search" });
    var close = el("button", { type: "button", class: "rs-close", "aria-label": LABELS.close }, "×");
    bar.appendChild(input);
    bar.appendChild(close);
    var status = el("p", { class: "rs-status", role: "status", "aria-live": "polite" });
    var list = el("ul", { id: "rs-results", class: "rs-results", role: "listbox", "aria-label": LABELS.results });
    var help = el("div", { class: "rs-help" });
    dialog.appendChild(bar);
    dialog.appendChild(status);
    dialog.appendChild(help);
    dialog.appendChild(list);
    if (FINE_POINTER) dialog.appendChild(el("p", { class: "rs-hint", "aria-hidden": "true" }, LABELS.hint));
    document.body.appendChild(dialog);

    ui = { button: button, dialog: dialog, input: input, list: list, status: status, help: help, active: -1, last: null };

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
    input.addEventListener("keydown", onInputKey);
    list.addEventListener("keydown", onListKey);
    list.addEventListener("focusin", function (e) {
      var li = e.target.closest && e.target.closest(".rs-item");
      if (li) setActive(Array.prototype.indexOf.call(list.children, li), true);
    });
    document.addEventListener("keydown", function (e) {
      var t = e.target, typing = t && (t.isContentEditable || /^(input|textarea|select)$/i.test(t.tagName));
      if (dialog.open || typing || composing(e)) return;
      if (e.key === "/" || ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "k")) {
        e.preventDefault();
        openDialog();
      }
    });
  }

  // A key that belongs to an input method still composing (keyCode 229: Safari, older IMEs).
  function composing(e) { return e.isComposing || e.keyCode === 229; }

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

  function links() { return ui.list.querySelectorAll(".rs-item > a"); }

  function onInputKey(e) {
    if (composing(e)) return;
    var items = ui.list.children;
    if (e.key === "Escape") {
      e.preventDefault();  // a search field would clear itself first; one Esc closes, query kept
      closeDialog();
    } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (!items.length) return;
      e.preventDefault();
      var d = e.key === "ArrowDown" ? 1 : -1;
      setActive((ui.active + d + items.length) % items.length);
    } else if (e.key === "Enter") {
      var item = items[ui.active >= 0 ? ui.active : 0];
      if (item) { e.preventDefault(); item.querySelector("a").click(); }
    } else if (e.key === "Tab" && !e.shiftKey && links().length) {
      e.preventDefault();
      links()[ui.active >= 0 ? ui.active : 0].focus();
    }
  }

  // On a focused result: arrows and Tab move between results; Shift+Tab from the first and
  // Esc go back to the box.
  function onListKey(e) {
    var all = links(), at = Array.prototype.indexOf.call(all, document.activeElement);
    if (at < 0 || composing(e)) return;
    var to = null;
    if (e.key === "ArrowDown" || (e.key === "Tab" && !e.shiftKey)) to = at + 1;
    else if (e.key === "ArrowUp" || (e.key === "Tab" && e.shiftKey)) to = at - 1;
    else if (e.key === "Escape") { e.preventDefault(); closeDialog(); return; }
    else return;
    if (to >= all.length) { if (e.key === "Tab") return; to = 0; }
    e.preventDefault();
    if (to < 0) { ui.input.focus(); return; }
    all[to].focus();
  }

  function setActive(i, fromFocus) {
    var items = ui.list.children;
    if (ui.active >= 0 && items[ui.active]) items[ui.active].setAttribute("aria-selected", "false");
    ui.active = i;
    if (i >= 0 && items[i]) {
      items[i].setAttribute("aria-selected", "true");
      ui.input.setAttribute("aria-activedescendant", items[i].id);
      if (!fromFocus) items[i].scrollIntoView({ block: "nearest" });
    } else ui.input.removeAttribute("aria-activedescendant");
  }

  function pageHref(path, query, anchor) {
    var url = new URL(path, BASE);
    if (url.protocol === "file:" && /\/$/.test(url.pathname)) url.pathname += "index.html";
    if (query) url.search = "?q=" + encodeURIComponent(query);
    url.hash = anchor || "";
    return url.href;
  }

  function resultItem(h, i, query, terms) {
    var s = h.s;
    var li = el("li", { id: "rs-opt-" + i, role: "option", "aria-selected": "false", class: "rs-item" });
    var a = el("a", { href: pageHref(s.page[0], query, s.anchor) });
    var head = el("span", { class: "rs-head" });
    if (s.level > 1 || s.title !== s.page[1]) head.appendChild(el("span", { class: "rs-page" }, s.page[1]));
    var title = el("span", { class: "rs-title" });
    appendMarked(title, s.title, E.ranges(s.T, terms), 0, s.title.length);
    head.appendChild(title);
    a.appendChild(head);
    // Why it matched, then the snippet: two lines on a wide screen, one on a phone.
    var body = el("span", { class: "rs-body" });
    if (h.why.length) body.appendChild(el("span", { class: "rs-why" }, whyLine(h)));
    if (s.text) {
      var rs = E.ranges(s.B, terms), w = snippetWindow(s.text, rs);
      var snip = el("span", { class: "rs-snippet" });
      if (w[0] > 0) snip.appendChild(document.createTextNode("…"));
      appendMarked(snip, s.text.replace(/\n/g, " "), rs, w[0], w[1]);
      if (w[1] < s.text.length) snip.appendChild(document.createTextNode("…"));
      body.appendChild(snip);
    }
    a.appendChild(body);
    li.appendChild(a);
    li.addEventListener("mousemove", function () { if (ui.active !== i) setActive(i, true); });
    return li;
  }

  function statusText(res) {
    var missing = res.missing.length ? LABELS.missing + res.missing.join(LABELS.sep) + "。" : "";
    if (!res.hits.length) return LABELS.none + (res.missing.length ? res.missing.join(LABELS.sep) : ui.input.value.trim());
    var partial = res.total - res.complete;
    if (!res.complete) return missing + LABELS.onlyPartial.replace("{n}", partial);
    return missing + LABELS.count.replace("{n}", res.complete) + (partial ? "，" + LABELS.partial.replace("{n}", partial) : "");
  }

  // A miss: the closest report words to try, and the glossary and the contents.
  function missHelp(query) {
    var box = ui.help, words = E.closest(query, idx, 6);
    if (words.length) {
      var p = el("p", { class: "rs-try" }, LABELS.try);
      words.forEach(function (w) {
        var b = el("button", { type: "button", class: "rs-chip" }, w);
        b.addEventListener("click", function () { ui.input.value = w; run(); ui.input.focus(); });
        p.appendChild(b);
      });
      box.appendChild(p);
    }
    var more = el("p", { class: "rs-browse" }, LABELS.browse);
    more.appendChild(el("a", { href: pageHref("glossary/"), class: "rs-chip" }, LABELS.glossary));
    more.appendChild(el("a", { href: pageHref("", "", "contents"), class: "rs-chip" }, LABELS.contents));
    box.appendChild(more);
  }

  function run() {
    if (!idx) return;
    var query = ui.input.value.trim();
    if (query === ui.last) return;
    ui.last = query;
    var t0 = performance.now();
    ui.list.textContent = "";
    ui.help.textContent = "";
    setActive(-1);
    if (!query) { ui.status.textContent = ""; ui.input.setAttribute("aria-expanded", "false"); return; }
    var res = E.search(query, idx), terms = E.markTerms(res.q);
    var frag = document.createDocumentFragment();
    res.hits.forEach(function (h, i) { frag.appendChild(resultItem(h, i, query, terms)); });
    ui.list.appendChild(frag);
    ui.input.setAttribute("aria-expanded", res.hits.length ? "true" : "false");
    ui.status.textContent = statusText(res);
    if (!res.hits.length) missHelp(query);
    window.__reportSearchLast = { query: query, ms: performance.now() - t0, missing: res.missing };
  }

  // ---- highlight on arrival (?q=), and the control that clears it ---------------------------
  function article() {
    return document.querySelector("article") || document.querySelector("[role=main]") || document.body;
  }

  function highlightPage(query) {
    var root = article(), terms = E.markTerms(E.analyse(query, idx));
    if (!terms.length) return 0;
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        var p = n.parentElement;
        if (!n.nodeValue.trim() || !p || p.closest("script,style,svg,.headerlink,mark.rs-mark,.rs-dialog,.rs-clear")) {
          return NodeFilter.FILTER_REJECT;
        }
        return NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [], n, count = 0;
    while ((n = walker.nextNode())) nodes.push(n);
    nodes.forEach(function (node) {
      var text = node.nodeValue, rs = E.ranges(E.squeezed(E.foldText(text, idx.fold)), terms);
      if (!rs.length) return;
      var frag = document.createDocumentFragment();
      appendMarked(frag, text, rs, 0, text.length);
      node.parentNode.replaceChild(frag, node);
      count += rs.length;
    });
    if (count) {
      document.documentElement.classList.add("rs-highlighted");
      clearControl(count, query);
    }
    return count;
  }

  // A visible control to take the highlights away (and ?q= out of the address).
  function clearControl(count, query) {
    var bar = el("div", { class: "rs-clear", role: "region", "aria-label": LABELS.clear });
    var text = el("span", { class: "rs-clear__text" }, LABELS.marks.replace("{n}", count));
    text.appendChild(el("span", { class: "rs-clear__query" }, "「" + query + "」"));
    bar.appendChild(text);
    var button = el("button", { type: "button", class: "rs-clear__button" }, LABELS.clear);
    button.addEventListener("click", clearHighlights);
    bar.appendChild(button);
    document.body.appendChild(bar);
  }

  function clearHighlights() {
    document.querySelectorAll("mark.rs-mark").forEach(function (m) {
      if (m.closest(".rs-dialog")) return;
      var parent = m.parentNode;
      parent.replaceChild(document.createTextNode(m.textContent), m);
      parent.normalize();
    });
    document.documentElement.classList.remove("rs-highlighted");
    var bar = document.querySelector(".rs-clear");
    if (bar) bar.remove();
    try {
      var url = new URL(location.href);
      url.searchParams.delete("q");
      history.replaceState(history.state, "", url.href);
    } catch (e) { /* an address the browser will not rewrite (file:): the marks are gone anyway */ }
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

  // The element the address's #fragment names; a malformed escape (#%, #%E0%A4%A) is read as
  // it is written rather than thrown.
  function hashTarget() {
    var raw = location.hash.slice(1), id = raw;
    if (!raw) return null;
    try { id = decodeURIComponent(raw); } catch (e) { id = raw; }
    return document.getElementById(id) || document.getElementById(raw);
  }

  function onArrival() {
    var q = arrivalQuery();
    if (!q) return;
    if (ui) ui.input.value = q;
    loadIndex().then(function () {
      highlightPage(q);
      var target = hashTarget();
      if (target) target.scrollIntoView();
    });
  }

  function init() {
    buildUI();
    onArrival();
    window.reportSearch = {
      load: loadIndex,
      search: function (q) { return E.search(q, idx); },
      cut: function (t) { return E.cut(E.foldText(t, idx.fold), idx); },
      open: openDialog
    };
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

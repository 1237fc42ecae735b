/*
 * The figures page (figures.md, written by build_tools/pages/figures_page.py): sortable tables and a
 * filter box. Loaded on every page through extra_javascript after the vendored tablesort; does
 * nothing on a page without a .report-figures table.
 *
 * - Each chapter's table sorts by any column (click or Enter on its header). The value column,
 *   named by data-number-column on the table's wrapper, always sorts as numbers (tablesort
 *   would guess text for a table whose first rows hold dates).
 * - The filter box (hidden without JavaScript) keeps the rows holding every word typed, and
 *   hides a chapter's heading and table when none of its rows remain.
 */
(function () {
  "use strict";

  function words(text) {
    return text.toLowerCase().split(/\s+/).filter(function (word) {
      return word !== "";
    });
  }

  function sortable(wrapper) {
    var table = wrapper.querySelector("table");
    if (table === null || table.hasAttribute("data-report-sortable")) {
      return;
    }
    var column = Number(wrapper.getAttribute("data-number-column"));
    var header = table.tHead ? table.tHead.rows[0] : null;
    if (header !== null && column > 0 && header.cells[column - 1]) {
      header.cells[column - 1].setAttribute("data-sort-method", "number");
    }
    new Tablesort(table);
    table.setAttribute("data-report-sortable", "");
  }

  // The heading just before a wrapper (Material may wrap the table, not the div).
  function headingOf(wrapper) {
    var node = wrapper.previousElementSibling;
    return node !== null && /^H[1-6]$/.test(node.tagName) ? node : null;
  }

  function filter(wrappers, input, status) {
    var wanted = words(input.value);
    var shown = 0;
    wrappers.forEach(function (wrapper) {
      var visible = 0;
      Array.prototype.forEach.call(wrapper.querySelectorAll("tbody tr"), function (row) {
        var text = row.textContent.toLowerCase();
        var keep = wanted.every(function (word) {
          return text.indexOf(word) >= 0;
        });
        row.hidden = !keep;
        visible += keep ? 1 : 0;
      });
      wrapper.hidden = visible === 0;
      var heading = headingOf(wrapper);
      if (heading !== null) {
        heading.hidden = visible === 0;
      }
      shown += visible;
    });
    status.textContent = wanted.length === 0 ? "" :
      shown === 0 ? input.getAttribute("data-none") :
      input.getAttribute("data-count").replace("{}", String(shown));
  }

  function init() {
    var wrappers = Array.prototype.slice.call(document.querySelectorAll(".report-figures"));
    if (wrappers.length === 0 || typeof Tablesort === "undefined") {
      return;
    }
    wrappers.forEach(sortable);
    var box = document.querySelector(".report-figures-filter");
    var input = box !== null ? box.querySelector("input") : null;
    if (input === null || input.hasAttribute("data-report-ready")) {
      return;
    }
    input.setAttribute("data-report-ready", "");
    var status = document.createElement("span");
    status.className = "report-figures-status";
    status.setAttribute("role", "status");
    box.appendChild(status);
    box.hidden = false;
    input.addEventListener("input", function () {
      filter(wrappers, input, status);
    });
  }

  // Material's document$ emits on every page load, including instant navigation.
  if (typeof document$ !== "undefined") {
    document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

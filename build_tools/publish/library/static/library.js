/*
 * The library's pages: filters on the home page (issuer, year), kept in the address
 * (?issuer=…&year=…); directory links made to open index.html when read from disk. Every
 * page is whole without this file: the list is plain HTML, the form stays hidden.
 */
(function () {
  "use strict";

  if (location.protocol === "file:") {
    Array.prototype.forEach.call(document.querySelectorAll("a[href]"), function (link) {
      var url = new URL(link.href, location.href);
      if (url.protocol === "file:" && url.pathname.slice(-1) === "/") {
        url.pathname += "index.html";
        link.href = url.href;
      }
    });
  }

  var form = document.querySelector("form.lib-filters:not(.lib-search)");
  if (form === null) {
    return;
  }
  var issuer = form.elements.namedItem("issuer");
  var year = form.elements.namedItem("year");
  var count = form.querySelector(".lib-count");
  var reports = document.querySelectorAll(".lib-report");
  var sections = document.querySelectorAll(".lib-issuer");

  function apply() {
    var shown = 0;
    Array.prototype.forEach.call(reports, function (item) {
      var match = (!issuer.value || item.getAttribute("data-issuer") === issuer.value) &&
        (!year.value || item.getAttribute("data-year") === year.value);
      item.hidden = !match;
      shown += match ? 1 : 0;
    });
    Array.prototype.forEach.call(sections, function (section) {
      section.hidden = section.querySelector(".lib-report:not([hidden])") === null;
    });
    count.textContent = count.getAttribute("data-template").replace("{n}", String(shown));
  }

  function remember() {
    var params = new URLSearchParams(location.search);
    [issuer, year].forEach(function (select) {
      if (select.value) {
        params.set(select.name, select.value);
      } else {
        params.delete(select.name);
      }
    });
    var query = params.toString();
    try {
      history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
    } catch (error) {
      // file:// in some browsers: the filter still works, the address does not keep it.
    }
  }

  var params = new URLSearchParams(location.search);
  [issuer, year].forEach(function (select) {
    var wanted = params.get(select.name);
    if (wanted && select.querySelector('option[value="' + CSS.escape(wanted) + '"]')) {
      select.value = wanted;
    }
    select.addEventListener("change", function () {
      apply();
      remember();
    });
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
  });
  form.hidden = false;
  apply();
})();

/*
 * Small behaviours Material does not have, for both script sites (loaded after Material's
 * bundle through extra_javascript in mkdocs.yml).
 *
 * 1. Script switcher keeps the anchor. overrides/partials/alternate.html already links each
 *    option to the same page in the other script; on click we add the current #fragment
 *    (navigation.tracking keeps it on the section being read) and remember the choice for
 *    the root page. Material's own handler would send the reader to the other site's home
 *    page unless it can fetch that site's sitemap, so it must not see this click.
 * 2. Reading from disk. Links are directory URLs (chapter-3/); under file:// a browser
 *    shows a folder listing for them, so we point them at chapter-3/index.html: static
 *    links once at load, links Material renders later (search results) when clicked.
 */
(function () {
  "use strict";

  // Same key as the root page (build_tools/site_root.py) reads.
  var STORAGE_KEY = "report-script";
  var onDisk = location.protocol === "file:";

  function withIndexFile(link) {
    var url = new URL(link.href, location.href);
    if (url.protocol === "file:" && url.pathname.slice(-1) === "/") {
      url.pathname += "index.html";
      link.href = url.href;
    }
  }

  function rememberScript(script) {
    try {
      localStorage.setItem(STORAGE_KEY, script);
    } catch (error) {
      // Storage can be disabled; the switch itself still works.
    }
  }

  function onLinkActivated(event) {
    var link = event.target instanceof Element ? event.target.closest("a[href]") : null;
    if (link === null) {
      return;
    }
    var script = link.getAttribute("data-report-script");
    if (script !== null) {
      var url = new URL(link.href, location.href);
      url.hash = location.hash;
      link.href = url.href;
      rememberScript(script);
      event.stopPropagation();
    }
    if (onDisk) {
      withIndexFile(link);
    }
  }

  // Capture phase on window: runs before Material's handlers on document.body.
  window.addEventListener("click", onLinkActivated, true);
  window.addEventListener("auxclick", onLinkActivated, true);

  if (onDisk) {
    Array.prototype.forEach.call(document.querySelectorAll("a[href]"), withIndexFile);
  }
})();

/*
 * Small behaviours Material does not have, for both script sites (loaded after Material's
 * bundle through extra_javascript in mkdocs.yml).
 *
 * 1. Script switcher keeps the anchor. This theme's partials/alternate.html already links each
 *    option to the same page in the other script; on click we add the current #fragment
 *    (navigation.tracking keeps it on the section being read) and remember the choice for
 *    the root page. Material's own handler would send the reader to the other site's home
 *    page unless it can fetch that site's sitemap, so it must not see this click.
 * 2. Reading from disk. Links are directory URLs (chapter-3/); under file:// a browser
 *    shows a folder listing for them, so we point them at chapter-3/index.html: static
 *    links once at load, links Material renders later (search results) when clicked.
 *    Material fetches a sitemap.xml beside every <link rel=alternate> (see below).
 * 3. Escape dismisses a glossary tooltip (WCAG 1.4.13) until the pointer or the focus
 *    leaves its term; Material's tooltips have no key to close them.
 * 4. Room after the last section: a contents link near the end of a page scrolls its
 *    heading to the top, so navigation.tracking writes that section into the address, not
 *    the last one (--report-end-space in extra.css).
 */
(function () {
  "use strict";

  // Same key as the root page (build_tools/publish/root.py) reads.
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
  // Material fetches sitemap.xml beside the address of every <link rel=alternate> to find
  // the page in the other language. Ours point at the same page in the other script (for
  // search engines), so that would be chapter-3/sitemap.xml: a 404 on a server, a CORS
  // error from disk, and nothing the switcher needs. The links are taken out before
  // Material looks (on DOMContentLoaded; this file runs before) and, on a server, put back
  // once the page has loaded, for whoever reads them later.
  var alternates = Array.prototype.slice.call(
    document.querySelectorAll('link[rel="alternate"][hreflang]')
  );
  alternates.forEach(function (link) {
    link.removeAttribute("rel");
  });
  if (!onDisk) {
    window.addEventListener("load", function () {
      alternates.forEach(function (link) {
        link.setAttribute("rel", "alternate");
      });
    });
  }

  // 3. Escape dismisses the tooltip shown.
  var DISMISSED = "report-tooltip-dismissed";

  function restoreWhenLeft(host, tip) {
    function restore() {
      host.removeEventListener("mouseleave", restore);
      host.removeEventListener("blur", restore);
      // After Material has faded it out, so it does not flash back.
      window.setTimeout(function () {
        tip.classList.remove(DISMISSED);
      }, 300);
    }
    host.addEventListener("mouseleave", restore);
    host.addEventListener("blur", restore);
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    Array.prototype.forEach.call(
      document.querySelectorAll(".md-tooltip2--active:not(." + DISMISSED + ")"),
      function (tip) {
        tip.classList.add(DISMISSED);
        var host = tip.id ? document.querySelector('[aria-describedby="' + tip.id + '"]') : null;
        if (host !== null) {
          restoreWhenLeft(host, tip);
        }
      }
    );
  });

  // 4. Room after the last section of the contents.
  function lastSection() {
    var links = document.querySelectorAll(".md-nav--secondary a.md-nav__link[href^='#']");
    if (links.length === 0) {
      return null;
    }
    var id = decodeURIComponent(links[links.length - 1].getAttribute("href").slice(1));
    return document.getElementById(id);
  }

  function makeRoom() {
    var article = document.querySelector(".md-content__inner");
    var heading = lastSection();
    if (article === null || heading === null) {
      return;
    }
    article.style.setProperty("--report-end-space", "0px");
    var root = document.documentElement;
    var margin = parseFloat(getComputedStyle(heading).scrollMarginTop) || 0;
    var top = heading.getBoundingClientRect().top + window.scrollY - margin;
    var missing = Math.ceil(top + window.innerHeight - root.scrollHeight) + 2;
    if (missing > 0) {
      article.style.setProperty("--report-end-space", missing + "px");
    }
  }

  var resizing = 0;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizing);
    resizing = window.setTimeout(makeRoom, 150);
  });
  window.addEventListener("load", makeRoom);
  if (document.fonts && document.fonts.ready) {
    document.fonts.ready.then(makeRoom);
  }
  makeRoom();
})();

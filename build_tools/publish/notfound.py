"""The page a server shows for an address the site does not have: ``404.html``, in each
script's site and at the root (GitHub Pages serves the root's for every missing address).

A server sends it at the missing address itself, at any depth (``zh-Hans/a/b/c/``), so no
relative link in it can be trusted and MkDocs' own 404 page (root-absolute links without
``site_url``) breaks under a sub-path. This one is self-contained: inline style, no asset. A
small inline script finds the site's root from the address (the part before ``/zh-Hans/`` or
``/zh-Hant/``, else the published address, else the server's top) and points the links
there; without JavaScript they are plain links, absolute when the published address is known
and right at the page's own address otherwise.

Also here: the published address itself, ``GOV_REPORT_SITE_URL`` (README, "What CI does").
"""

from __future__ import annotations

import json
import os
from html import escape

from ..errors import BuildError
from ..paths import SCRIPTS, Script
from .root import PLAIN_STYLE

#: the environment variable naming the published root (the folder of site/index.html)
SITE_URL_VARIABLE = "GOV_REPORT_SITE_URL"

#: each script's words; the root page shows both
TEXTS: dict[Script, dict[str, str]] = {
    "zh-Hans": {
        "title": "找不到这个页面",
        "name": "简体中文",
        "text": "这个地址没有页面：可能是地址有误，或页面已经移动。请从首页找起。",
        "home": "返回首页",
    },
    "zh-Hant": {
        "title": "找不到這個頁面",
        "name": "繁體中文",
        "text": "這個網址沒有頁面：可能是網址有誤，或頁面已經移動。請從首頁找起。",
        "home": "返回首頁",
    },
}


def published_root() -> str:
    """The published address of the site's root from ``GOV_REPORT_SITE_URL``, ending in
    ``/``; ``""`` when it is unset or empty (a local build: every link stays relative)."""
    url = os.environ.get(SITE_URL_VARIABLE, "").strip()
    if not url:
        return ""
    if not url.startswith(("https://", "http://")) or any(c in url for c in "\"'<> ?#"):
        raise BuildError(
            f"{SITE_URL_VARIABLE} must be an http(s) address without query or fragment, got {url!r}",
            hint="set it to the published site's root, e.g. https://example.github.io/report/, or unset it",
        )
    return url.rstrip("/") + "/"


_FIND_ROOT_JS = """(function () {
  // The site's root: before /zh-Hans/ or /zh-Hant/ in the address; else the published root;
  // else, on a server, its top (the root's 404 page is served for any missing address).
  // At its own address (…/404.html) or from disk the relative links are right already.
  // The root is built on this page's own origin: a path such as //evil.example/zh-Hans/x
  // (which a server may answer with this page) must never make the links leave the host, so
  // runs of slashes are one, and a root on any other host is not taken.
  var found = /^(.*?\\/)zh-Han[st]\\//.exec(location.pathname);
  var root = %(known)s;
  if (found) {
    var url = new URL(found[1].replace(/\\/{2,}/g, "/"), location.href);
    root = url.protocol === location.protocol && url.host === location.host ? url.href : "";
  }
  if (!root && /^https?:$/.test(location.protocol) && !/\\/404\\.html$/.test(location.pathname)) {
    root = location.origin + "/";
  }
  if (!root) {
    return;
  }
  var page = location.protocol === "file:" ? "index.html" : "";
  var links = document.querySelectorAll("a[data-path]");
  for (var i = 0; i < links.length; i++) {
    links[i].href = root + links[i].getAttribute("data-path") + page;
  }
})();"""

_STYLE = (
    PLAIN_STYLE
    + """:lang(zh-Hant) {
  font-family: "Noto Sans CJK TC", "Source Han Sans TC", "PingFang TC", "Microsoft JhengHei",
    sans-serif;
}
main { max-width: 32em; padding: 2em 1.5em; }
section + section { margin-top: 2em; padding-top: 1.5em; border-top: 1px solid GrayText; }
h1 { font-size: 1.3em; margin: 0 0 .4em; }
p { margin: .4em 0; }
nav { margin-top: 2em; }
nav a { margin-right: 1.5em; }
"""
)


def render_not_found(
    site_names: dict[Script, str], shown: tuple[Script, ...], *, depth: int, root_url: str = ""
) -> str:
    """The 404 page: the words of each script in ``shown`` (first one's language), links to
    the home page of every script. ``depth``: folders between the page's own place and the
    root (1 in ``zh-Hans/``, 0 at the root), for the links without JavaScript and without
    ``root_url``."""
    first = shown[0]
    base = root_url or "../" * depth

    def home(script: Script) -> str:
        return f'<a href="{escape(base)}{script}/" data-path="{script}/" hreflang="{script}" lang="{script}">'

    sections = "\n".join(
        f'    <section lang="{s}">\n'
        f"      <h1>{escape(TEXTS[s]['title'])}</h1>\n"
        f"      <p>{escape(TEXTS[s]['text'])}</p>\n"
        f"      <p>{home(s)}{escape(TEXTS[s]['home'])}：{escape(site_names[s])}</a></p>\n"
        f"    </section>"
        for s in shown
    )
    switch = "\n".join(f"      {home(s)}{escape(TEXTS[s]['name'])}</a>" for s in SCRIPTS)
    script = _FIND_ROOT_JS % {"known": json.dumps(root_url)}
    title = escape(" · ".join(TEXTS[s]["title"] for s in shown))
    return f"""<!doctype html>
<html lang="{first}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width,initial-scale=1">
  <meta name="robots" content="noindex">
  <title>{title}</title>
  <style>{_STYLE}</style>
</head>
<body>
  <main>
{sections}
    <nav>
{switch}
    </nav>
  </main>
  <script>
{script}
  </script>
</body>
</html>
"""

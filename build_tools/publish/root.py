"""The root page of the site, ``site/index.html``, above ``site/zh-Hans/`` and ``site/zh-Hant/``.

It sends the reader to the script their browser prefers and, for readers without JavaScript
(or before the script runs), offers both as plain links. The page is self-contained: inline
style and script, no request to anything but the two sibling sites.
"""

from __future__ import annotations

from html import escape

from ..paths import SCRIPTS, Script, pdf_name
from ..text.model import Document

#: each script's name for itself
SCRIPT_NAMES: dict[Script, str] = {"zh-Hans": "简体中文", "zh-Hant": "繁體中文"}


def site_title(doc: Document, script: Script) -> str:
    """A site's name: the report's short title (its config's ``short_title``), else its title."""
    meta = doc.meta(script)
    return meta.short_title or meta.title


# localStorage key under which report.js records the reader's last explicit switch.
STORAGE_KEY = "report-script"

# pickScript(languages, stored) -> "zh-Hans" | "zh-Hant". An explicit earlier choice wins;
# otherwise the reader's first Chinese preference decides: Traditional for zh-Hant* and for
# the regions that write it (Taiwan, Hong Kong, Macao), Simplified for every other zh and for
# readers with no Chinese preference (the report's original script). The browser test runs
# this function on many inputs, so keep it a self-contained function expression.
PICK_SCRIPT_JS = r"""function pickScript(languages, stored) {
  if (stored === "zh-Hans" || stored === "zh-Hant") {
    return stored;
  }
  for (var i = 0; i < languages.length; i++) {
    var tag = String(languages[i]).toLowerCase();
    if (!/^zh(-|$)/.test(tag)) {
      continue;
    }
    if (/^zh-hant(-|$)/.test(tag)) {
      return "zh-Hant";
    }
    if (/^zh-hans(-|$)/.test(tag)) {
      return "zh-Hans";
    }
    if (/^zh-(tw|hk|mo)(-|$)/.test(tag)) {
      return "zh-Hant";
    }
    return "zh-Hans";
  }
  return "zh-Hans";
}"""

_REDIRECT_JS = """(function () {
  var stored = null;
  try {
    stored = localStorage.getItem(%(key)s);
  } catch (error) {
    // Storage disabled: fall back to the browser's languages.
  }
  var languages = navigator.languages && navigator.languages.length
    ? navigator.languages
    : [navigator.language || ""];
  var script = (%(pick)s)(languages, stored);
  // Under file:// a folder URL opens a listing, not the page.
  var page = location.protocol === "file:" ? "/index.html" : "/";
  location.replace(script + page + location.hash);
})();"""

# What the plain pages outside MkDocs share (this root page and the 404 pages): the text
# centred on the page, the system's colours in light and dark, Noto CJK first, the site's red.
PLAIN_STYLE = """
:root { color-scheme: light dark; }
body {
  margin: 0; min-height: 100vh; display: flex; align-items: center; justify-content: center;
  font-family: "Noto Sans CJK SC", "Noto Sans CJK TC", "Source Han Sans SC", "PingFang SC",
    "Microsoft YaHei", "Microsoft JhengHei", sans-serif;
  line-height: 1.8; background: Canvas; color: CanvasText;
}
a { color: #9b1c1c; }
@media (prefers-color-scheme: dark) { a { color: #f19c8f; } }
"""

_STYLE = (
    PLAIN_STYLE
    + """main { max-width: 36em; padding: 2em 1.5em; text-align: center; }
h1 { font-size: 1.3em; font-weight: 700; margin: 0 0 .2em; }
ul { list-style: none; padding: 0; margin: 1.5em 0 0; }
li { margin: .8em 0; }
a.script { display: inline-block; padding: .5em 1.5em; border: 1px solid currentcolor;
  border-radius: .3em; font-size: 1.1em; text-decoration: none; }
a.pdf { font-size: .85em; }
"""
)


def render_root_index(doc: Document) -> str:
    """Return the HTML of ``site/index.html``; the same bytes for the same report."""
    return render_chooser({s: site_title(doc, s) for s in SCRIPTS}, pdf=True)


def render_chooser(names: dict[Script, str], *, pdf: bool) -> str:
    """The page that sends a reader to the script they prefer, with both as plain links
    (and each script's PDF when ``pdf``): a report's root page, or a library's."""
    titles = "\n".join(f'    <h1 lang="{s}">{escape(names[s])}</h1>' for s in SCRIPTS)
    links = "\n".join(
        f'      <li lang="{s}"><a class="script" href="{s}/" hreflang="{s}">'
        f"{escape(SCRIPT_NAMES[s])}</a>"
        + (f'<br><a class="pdf" href="{s}/{pdf_name(s)}" type="application/pdf">PDF</a>' if pdf else "")
        + "</li>"
        for s in SCRIPTS
    )
    alternates = "\n".join(f'  <link rel="alternate" hreflang="{s}" href="{s}/">' for s in SCRIPTS)
    redirect = _REDIRECT_JS % {"key": f'"{STORAGE_KEY}"', "pick": PICK_SCRIPT_JS}
    page_title = escape(" · ".join(names[s] for s in SCRIPTS))
    return f"""<!doctype html>
<html lang="zh">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width,initial-scale=1">
  <title>{page_title}</title>
{alternates}
  <script>
{redirect}
  </script>
  <style>{_STYLE}</style>
</head>
<body>
  <main>
{titles}
    <ul>
{links}
    </ul>
  </main>
</body>
</html>
"""

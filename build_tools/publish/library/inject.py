"""What the library adds to every page of a report it holds, after the report's own build:

* a bar above the page's header that names the library and links its home (plain HTML:
  it works without JavaScript and from ``file://``);
* the report's citation data as ``<meta name="citation_…">`` (the tags reference managers
  read) and ``cite.js``, which gives every paragraph with an anchor a "cite" button: a
  GB/T 7714-2015 reference in the page's script, to copy (``static/cite.js``).

The report's own files are not otherwise changed. The library's assets live once, in the
library's ``assets/library/``, two folders above every report (``<issuer>/<year>/``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from html import escape

from ...pages.library.record import Both, Record, pick
from ...paths import SCRIPTS, Script

#: the library's own assets, relative to its root
ASSETS = "assets/library"
#: how deep a report's folder is in the library: ``<issuer>/<year>/``
REPORT_DEPTH = 2
#: set on every tag the library adds, so that a page is never given them twice
MARK = "data-library"
#: the bar's words, per script
WORDS: dict[Script, dict[str, str]] = {
    "zh-Hans": {"library": "报告文库", "label": "所在文库"},
    "zh-Hant": {"library": "報告文庫", "label": "所在文庫"},
}


@dataclass(frozen=True, slots=True)
class Context:
    """What the library adds to each report: part of every report's input hash."""

    #: the library's name
    title: Both
    #: whether the reports get their PDFs
    pdf: bool

    def key(self) -> list[object]:
        return ["library-context", 1, list(self.title), self.pdf]


def _script_of(path: str) -> Script | None:
    return next((s for s in SCRIPTS if path.startswith(f"{s}/")), None)


def _head(record: Record, script: Script, up: str) -> str:
    date = record.published[:10].replace("-", "/") if record.published else str(record.year)
    meta = [
        ("citation_title", pick(record.title, script)),
        ("citation_author", pick(record.issuer, script)),
        ("citation_publication_date", date),
        ("citation_language", script),
    ]
    tags = "".join(f'<meta name="{n}" content="{escape(v)}" {MARK}>\n' for n, v in meta if v)
    return (
        tags
        + f'<link rel="stylesheet" href="{up}{ASSETS}/report.css" {MARK}>\n'
        + f'<script src="{up}{ASSETS}/cite.js" defer {MARK}></script>\n'
    )


def _bar(record: Record, context: Context, script: Script, up: str) -> str:
    words = WORDS[script]
    return (
        f'<nav class="library-bar" aria-label="{words["label"]}" {MARK}>'
        f'<a href="{up}{script}/">{escape(pick(context.title, script))}</a>'
        f'<span class="library-bar__here">{escape(pick(record.issuer, script))}'
        f" · {record.year}</span></nav>\n"
    )


def add_to_page(html: str, path: str, record: Record, context: Context) -> str:
    """The page at ``path`` (relative to the report's folder) with the library's additions."""
    script = _script_of(path)
    if script is None or MARK in html:
        return html
    up = "../" * (REPORT_DEPTH + path.count("/"))
    html = html.replace("</head>", _head(record, script, up) + "</head>", 1)
    bar = _bar(record, context, script, up)
    at = html.find('<header class="md-header')
    if at < 0:  # another theme: right after <body …>
        body = html.find("<body")
        at = html.find(">", body) + 1 if body >= 0 else -1
    return html[:at] + bar + html[at:] if at > 0 else html


def add_to_pages(files: Mapping[str, bytes], record: Record, context: Context) -> dict[str, bytes]:
    """Every page of a built report with the library's additions; other files as they are."""
    out: dict[str, bytes] = {}
    for path, data in files.items():
        page = path.endswith("index.html") and _script_of(path)
        out[path] = add_to_page(data.decode(), path, record, context).encode() if page else data
    return out

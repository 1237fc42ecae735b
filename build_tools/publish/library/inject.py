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
from html.parser import HTMLParser

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


class _Places(HTMLParser):
    """Where the page's head ends, where the bar goes (before Material's header, else right
    after ``<body>``) and whether an element carries :data:`MARK`: read from the elements,
    never from the text (a report may mention ``data-library`` or ``</head>``)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.lines = [0]
        for line in html.splitlines(keepends=True):
            self.lines.append(self.lines[-1] + len(line))
        self.marked = False
        self.head_end = -1
        self.body_start = -1
        self.after_body = -1
        self.feed(html)
        self.close()

    def _here(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.marked = self.marked or any(name == MARK for name, _ in attrs)
        if tag == "body" and self.after_body < 0:
            if self.head_end < 0:
                self.head_end = self._here()
            self.after_body = self._here() + len(self.get_starttag_text() or "")
        elif tag == "header" and self.after_body >= 0 and self.body_start < 0:
            self.body_start = self._here()

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        if tag == "head" and self.head_end < 0:
            self.head_end = self._here()


def add_to_page(html: str, path: str, record: Record, context: Context) -> str:
    """The page at ``path`` (relative to the report's folder) with the library's additions."""
    script = _script_of(path)
    places = _Places(html)
    if script is None or places.marked or places.head_end < 0 or places.after_body < 0:
        return html
    up = "../" * (REPORT_DEPTH + path.count("/"))
    head, bar = _head(record, script, up), _bar(record, context, script, up)
    h, b = places.head_end, places.body_start if places.body_start >= 0 else places.after_body
    return html[:h] + head + html[h:b] + bar + html[b:]


def add_to_pages(files: Mapping[str, bytes], record: Record, context: Context) -> dict[str, bytes]:
    """Every page of a built report with the library's additions; other files as they are."""
    out: dict[str, bytes] = {}
    for path, data in files.items():
        page = path.endswith("index.html") and _script_of(path)
        out[path] = add_to_page(data.decode(), path, record, context).encode() if page else data
    return out

"""From a site's sections to its search files, and the tags that load them: pure, no disk.

``build_assets`` returns ``{path under the site root: text}``: ``assets/search/index.js`` (the
index as a script that sets a global, so that it loads with a ``<script>`` element under
``file://``, where ``fetch()`` is refused), ``search.js`` (the button, the dialog, highlights),
``engine.js`` (what a query means, the ranking: loaded with the index on first use) and
``search.css`` (package data). ``inject`` adds the stylesheet and the deferred script to a
built page: the search works with whatever generator wrote the HTML, without a template of
its own. Whether a page has them already is read from its elements, never from its text (a
report that mentions ``data-report-search`` keeps its search).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from importlib import resources

from .extract import Section
from .fold import fold_text
from .terms import QueryWords
from .vocab import Vocabulary, encode

ASSET_DIR = "assets/search"
INDEX_VARIABLE = "__reportSearchIndex"
#: bump when the index's shape changes (search.js reads it)
INDEX_VERSION = 2
#: the files of the search under ASSET_DIR that come from the package as they are
STATIC = ("search.js", "engine.js", "search.css")
#: the attribute that marks the tags ``inject`` adds, so a page is never injected twice
MARKER = "data-report-search"

# Pages about the report rather than of it (pages/nav.py, BACK_PAGES) rank below the report's
# own sections but still show up for their terms. Their headings are the report's terms
# (12345政府服务热线, 放权强区): at 0.45 the glossary entry whose title is the query came first
# for 4 of the 80 benchmark questions; at 0.25 none does, and all of them are still listed.
# The editorial notes quote the report's passages, so they weigh least.
PAGE_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("glossary/", 0.25),
    ("figures/", 0.25),
    ("documents/", 0.25),
    ("editorial-notes/", 0.1),
)


@dataclass(frozen=True, slots=True)
class Spoken:
    """What the index holds for reading queries: readers' words and pinyin (``pinyin.py``)."""

    words: QueryWords = field(default_factory=QueryWords)
    #: ``reading:word,word;…``
    pinyin_words: str = ""
    #: ``reading:characters;…``
    pinyin_chars: str = ""


@dataclass(frozen=True, slots=True)
class Page:
    url: str
    title: str
    weight: float


def page_weight(url: str, weights: Sequence[tuple[str, float]] = PAGE_WEIGHTS) -> float:
    """The weight of the first rule whose prefix starts ``url``; 1.0 otherwise."""
    return next((w for prefix, w in weights if url.startswith(prefix)), 1.0)


def page_list(sections: Iterable[Section], weights: Sequence[tuple[str, float]]) -> list[Page]:
    """One entry per page, in the order of its first section."""
    seen: dict[str, Page] = {}
    for s in sections:
        if s.url not in seen:
            seen[s.url] = Page(s.url, s.page_title, page_weight(s.url, weights))
    return list(seen.values())


def index_data(
    sections: Sequence[Section],
    script: str,
    table: Mapping[str, str],
    vocab: Vocabulary,
    spoken: Spoken | None = None,
    weights: Sequence[tuple[str, float]] = PAGE_WEIGHTS,
) -> dict[str, object]:
    """The index as plain data: the folding table as one string of pairs, the vocabulary,
    the pages and every section's title, text and context (the text is both what is searched
    and what the snippets show); readers' words (``x`` expansions, ``ig`` ignored words) and
    pinyin (``py`` words, ``pc`` characters)."""
    spoken = spoken or Spoken()
    pages = page_list(sections, weights)
    position = {p.url: i for i, p in enumerate(pages)}
    return {
        "v": INDEX_VERSION,
        "script": script,
        "fold": "".join(k + v for k, v in sorted(table.items())),
        "lt": round(vocab.log_total, 6),
        "vocab": encode(vocab),
        "pages": [[p.url, p.title, p.weight] for p in pages],
        "sections": [[position[s.url], s.anchor, s.title, s.text, s.level, s.context] for s in sections],
        "x": [[key, list(words)] for key, words in spoken.words.expand.items()],
        "ig": list(spoken.words.ignore),
        "py": spoken.pinyin_words,
        "pc": spoken.pinyin_chars,
    }


def index_script(data: Mapping[str, object]) -> str:
    """The index as a script that assigns it to a global (UTF-8, no escapes: half the size)."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"window.{INDEX_VARIABLE}={body};\n"


def static_asset(name: str) -> str:
    """A file shipped in build_tools/publish/search/static/."""
    return (resources.files(__package__) / "static" / name).read_text(encoding="utf-8")


def build_assets(
    sections: Sequence[Section],
    script: str,
    table: Mapping[str, str],
    vocab: Vocabulary,
    spoken: Spoken | None = None,
) -> dict[str, str]:
    """``{path under the site root: text}``: the index, the search code and its styles."""
    files = {f"{ASSET_DIR}/index.js": index_script(index_data(sections, script, table, vocab, spoken))}
    files.update({f"{ASSET_DIR}/{name}": static_asset(name) for name in STATIC})
    return files


def searched_text(s: Section) -> str:
    """All a section's text the search reads: title, context, body."""
    return f"{s.title}\n{s.context}\n{s.text}"


def folded_texts(sections: Iterable[Section], table: Mapping[str, str]) -> list[str]:
    """Folded titles, contexts and texts: what the vocabulary is collected from."""
    return [fold_text(searched_text(s), table) for s in sections]


def section_pairs(hant: Sequence[Section], hans: Sequence[Section]) -> list[tuple[str, str]]:
    """(Traditional, Simplified) title and text pairs of the same section on both sites."""
    by_key = {(s.url, s.anchor): s for s in hans}
    pairs: list[tuple[str, str]] = []
    for s in hant:
        other = by_key.get((s.url, s.anchor))
        if other is not None:
            pairs += [(s.title, other.title), (s.context, other.context), (s.text, other.text)]
    return pairs


class _Head(HTMLParser):
    """Where a page's head ends, and whether an element there carries MARKER: read from the
    elements, so text that mentions MARKER (or a ``</head>`` in a script) changes nothing."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.marked = False
        self.end: tuple[int, int] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.end is None and tag == "body":
            self.end = self.getpos()
        elif self.end is None and any(name == MARKER for name, _ in attrs):
            self.marked = True

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        if self.end is None and tag == "head":
            self.end = self.getpos()


def _offset(html: str, pos: tuple[int, int]) -> int:
    """The string offset of HTMLParser's (line, column)."""
    line, column = pos
    start = 0
    for _ in range(line - 1):
        start = html.index("\n", start) + 1
    return start + column


def inject(html: str, url: str) -> str:
    """Add the stylesheet and the deferred script at the end of the ``<head>`` of the page at
    ``url`` (relative to the site root, e.g. ``chapter-3/``), once, with relative paths."""
    head = _Head()
    head.feed(html)
    head.close()
    if head.marked or head.end is None:
        return html
    prefix = "../" * url.count("/") + ASSET_DIR
    tags = (
        f'<link rel="stylesheet" href="{prefix}/search.css" {MARKER}>\n'
        f'<script src="{prefix}/search.js" defer {MARKER}></script>\n'
    )
    at = _offset(html, head.end)
    return html[:at] + tags + html[at:]

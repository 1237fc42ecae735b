"""The generated pages → one Typst document: the template, the cover, the contents (and the
list of figures when pages have charts), then every page of ``docs/<script>/`` in reading
order, each rendered by ``render.TypstRenderer``.

The cover takes the index page's metadata (issuer, date, source); the index page's own list
of it and its list of contents are the site's (the cover and the PDF's contents replace
them). The document's metadata: the title, the issuer as author, and a subject that names
what the document holds (the report's full text and each page the site adds after it, by its
title). Our own words here are written once in Simplified; the Traditional PDF converts them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml
from markdown_it.token import Token

from ...pages.report import display_date
from ...text.model import Meta
from . import markup
from .fonts import Families
from .links import Links, ids_of
from .parse import markdown
from .render import Listed, PageContext, TypstRenderer, where
from .words import Segmenter, balanced_lines

Translate = Callable[[str], str]

LABELS = {
    "contents": "目录",
    "figures": "图表目录",
    "issuer": "发布机关",
    "published": "发布时间",
    "source": "来源",
    # Says no more than the page does: the issuer's report (the date the page gives is the
    # cover's, under its own label, not a claim of when the issuer published it)
    "subject": "{issuer}的报告全文，附{parts}",
    "and": "和",
    "page": "第 {page} 页，共 {pages} 页",
}
# Pages whose h2 go into the contents and the bookmarks (level 2); of the other pages only
# the h1 does, so that the glossary's categories and the figures' tables do not crowd them.
SECTIONED = re.compile(r"chapter-\d+|editorial-notes")
# The pages the site adds after the report (nav.BACK_PAGES), which the subject names.
BACK_PAGES = ("glossary", "figures", "documents", "editorial-notes")
# Measures in em of the title's own size for breaking it into even lines: the cover (25pt
# in the 40em measure less the cover's margins) and the first page (18pt less 2em a side);
# a little under, so a line always fits.
COVER_TITLE_EM = 15.0
PAGE_TITLE_EM = 20.0
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
# The comment that opens each page's Typst, and each of its blocks (``// index 12``,
# ``render.where``): what a Typst error's line is traced back to (see :func:`Source.where`).
_WHERE = re.compile(r"^// ([\w-]+) (\d+)$")


@dataclass(frozen=True, slots=True)
class Page:
    """One Markdown page, parsed."""

    name: str
    title: str
    path: Path
    tokens: list[Token]


def read_pages(docs_dir: Path, names: list[str]) -> list[Page]:
    """``docs_dir/NAME.md`` for every name, in the given order: front matter title and tokens."""
    md = markdown()
    pages = []
    for name in names:
        path = docs_dir / f"{name}.md"
        source = path.read_text(encoding="utf-8")
        title = name
        front = _FRONT_MATTER.match(source)
        offset = 0
        if front:
            meta = yaml.safe_load(front.group(1)) or {}
            title = html.unescape(str(meta.get("title", name)))  # written HTML-escaped
            offset = front.group(0).count("\n")
            source = source[front.end() :]
        tokens = md.parse(source)
        for token in tokens:
            if token.map:
                token.map = [token.map[0] + offset, token.map[1] + offset]
        pages.append(Page(name, title, path, tokens))
    return pages


def words_to_cut(pages: list[Page], title: str) -> list[str]:
    """The texts whose words must stay whole: the title (the cover's, and the first page's
    heading), and what the tables' cells say (their Markdown: a superset of their text,
    which is all the word cutter needs)."""
    texts = [title]
    for page in pages:
        depth = 0
        for i, token in enumerate(page.tokens):
            depth += token.type == "table_open"
            depth -= token.type == "table_close"
            heading = i and page.tokens[i - 1].type == "heading_open" and page.tokens[i - 1].tag == "h1"
            if token.type == "inline" and (depth or (page.name == "index" and heading)):
                texts.append(token.content)
    return texts


@dataclass(frozen=True, slots=True)
class Source:
    """The whole document's Typst, and where its lines come from."""

    text: str
    paths: dict[str, Path]

    def where(self, line: int) -> tuple[Path | None, int | None]:
        """The page and line of the Markdown that Typst's ``line`` (1-based) was written from."""
        lines = self.text.split("\n")
        for number in range(min(line, len(lines)) - 1, -1, -1):
            m = _WHERE.match(lines[number])
            if m:
                return self.paths.get(m.group(1)), int(m.group(2)) or None
        return None, None


def _subject(pages: list[Page], meta: Meta, labels: dict[str, str]) -> str:
    parts = [p.title for name in BACK_PAGES for p in pages if p.name == name]
    joined = "、".join(parts[:-1]) + labels["and"] + parts[-1] if len(parts) > 1 else "".join(parts)
    subject = labels["subject"].format(issuer=meta.issuer, parts=joined)
    if not meta.issuer:
        subject = subject.removeprefix("的")
    return subject if parts else subject.rsplit("，", 1)[0]


def _cover(meta: Meta, labels: dict[str, str], title_lines: list[str], note: str) -> str:
    """The cover: the title, the issuer, the date and the source, and ``note``: what the source
    is and where the changes are listed, as the editorial notes say it (``pages/source.py``)."""
    rows = [
        (labels["issuer"] + "：", meta.issuer),
        (labels["published"] + "：", display_date(meta.published)),
        (labels["source"] + "：", meta.source_office),
    ]
    shown = ", ".join(f"([{markup.text(k)}], [{markup.text(v)}])" for k, v in rows if v)
    return (
        f"#cover(\n  lines: ({', '.join(f'[{markup.text(line)}]' for line in title_lines)},),\n"
        f"  rows: ({shown}{',' if shown else ''}),\n"
        f"  note: {f'[{markup.text(note)}]' if note else 'none'},\n)\n"
    )


def fonts(families: Families) -> str:
    """The font families the template uses (a Typst dictionary, ``fonts``, with the keys serif,
    sans and mono), written before it: a plain value Typst knows from the start (a ``state``
    would be known only after a layout pass)."""
    values = ", ".join(
        f"{name}: ({markup.string(family)},)"
        for name, family in (("serif", families.serif), ("sans", families.sans), ("mono", families.mono))
    )
    return f"#let fonts = ({values})\n"


def _preamble(
    meta: Meta, labels: dict[str, str], families: Families, subject: str, margins_mm: tuple[float, float]
) -> str:
    before, _, rest = labels["page"].partition("{page}")
    middle, _, after = rest.partition("{pages}")
    return (
        "#show: report.with(\n"
        f"  title: {markup.string(meta.title)},\n"
        f"  author: {markup.string(meta.issuer)},\n"
        f"  description: {markup.string(subject)},\n"
        f"  lang: {markup.string(families.lang)},\n"
        f"  region: {markup.string(families.region)},\n"
        f"  page-label: ({markup.string(before)}, {markup.string(middle)}, {markup.string(after)}),\n"
        f"  margins: ({markup.dimension(margins_mm[0], 'mm')}, {markup.dimension(margins_mm[1], 'mm')}),\n)\n"
    )


def source(
    pages: list[Page],
    meta: Meta,
    tr: Translate,
    families: Families,
    segmenter: Segmenter,
    template: str,
    *,
    margins_mm: tuple[float, float],
    note: str = "",
) -> Source:
    """The whole PDF as one Typst document (``note``: the cover's line on the source)."""
    labels = {key: tr(text) for key, text in LABELS.items()}
    links = Links({p.name: ids_of(p.tokens) for p in pages}, {p.name: str(p.path) for p in pages})
    title_words = segmenter.words(meta.title)
    notes = next((p.title for p in pages if p.name == "editorial-notes"), "")
    renderer = TypstRenderer(None)
    listed = Listed()
    rendered = []
    for page in pages:
        context = PageContext(
            name=page.name,
            path=str(page.path),
            links=links,
            segmenter=segmenter,
            sectioned=bool(SECTIONED.fullmatch(page.name)),
            balance=lambda text: balanced_lines(segmenter.words(text), PAGE_TITLE_EM),
            listed=listed,
        )
        rendered.append(where(page.name, None) + f"#page-start({markup.string(page.name)})\n")
        rendered.append(renderer.render(page.tokens, {}, {"page": context}))
    out = [
        fonts(families),
        template,
        _preamble(meta, labels, families, _subject(pages, meta, labels), margins_mm),
        _cover(meta, labels, balanced_lines(title_words, COVER_TITLE_EM), note if notes else ""),
        _contents(labels, listed),
        *rendered,
    ]
    return Source("".join(out), {p.name: p.path for p in pages})


def _contents(labels: dict[str, str], listed: Listed) -> str:
    """The call of the template's ``contents``, with its entries for the first layout pass."""
    figures = f"[{markup.text(labels['figures'])}]" if listed.charts else "none"
    entries = "".join(f"({level}, [{body}]), " for level, body in listed.headings)
    charts = "".join(f"[{caption}], " for caption in listed.charts)
    return (
        f"#contents(title: [{markup.text(labels['contents'])}], figures: {figures},\n"
        f"  entries: ({entries}),\n  charts: ({charts}),\n)\n"
    )

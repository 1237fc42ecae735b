"""Where a reader finds each paragraph of the report: page, anchor and a short label.

Both views come from the one walk over the report (:meth:`Report.walk`): :func:`passages`
(every paragraph and heading with its place, for the indexes: figures, cited documents) and
:func:`locations` (source line → where it is shown, for the notes and the glossary).
Pages and anchors are ASCII and the same in both scripts: ``index`` (``#preface``),
``chapter-N`` (``#chapter-N``, sections ``#sec-N-M``), ``conclusion`` (``#closing-N``,
``#sign-off``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..text.model import Item, Report
from .titles import HOME, closing_place

Translate = Callable[[str], str]


def _same(text: str) -> str:
    return text


@dataclass(frozen=True, slots=True)
class Passage:
    """A paragraph or heading of the report in one script, and where a reader finds it."""

    text: str
    #: line of the raw file
    line: int
    #: page without ``.md`` (``chapter-2``) and anchor on it (``sec-2-2``)
    page: str
    anchor: str
    #: chapter number; 0 before the first chapter, one past the last for the closing
    chapter: int
    #: where it is, shortly: ``二（二）``, ``首页``, the closing page's title (and paragraph);
    #: ``heading``: that section's heading
    place: str = ""
    heading: str = ""

    @property
    def link(self) -> str:
        """Relative Markdown link to the passage, from a page beside it."""
        return f"{self.page}.md#{self.anchor}" if self.anchor else f"{self.page}.md"

    @property
    def url(self) -> str:
        """The passage's address relative to the site root (directory URLs)."""
        return f"{self.page}/#{self.anchor}" if self.page != "index" else f"./#{self.anchor}"


def closing_page(report: Report) -> str:
    """Where the closing and the sign-off are shown: the conclusion page, or, for a report
    whose closing is only its sign-off, the end of the last chapter's page."""
    if report.closing or not report.chapters:
        return "conclusion"
    return report.chapters[-1].slug


def _passage(item: Item, report: Report, tr: Translate) -> Passage:
    chapter, section, last = item.chapter, item.section, len(report.chapters) + 1
    if chapter is not None:
        number = chapter.marker.rstrip("、") or chapter.title
        if section is not None:
            return Passage(
                item.text,
                item.line,
                chapter.slug,
                section.anchor,
                chapter.number,
                number + section.marker,
                section.heading,
            )
        return Passage(
            item.text, item.line, chapter.slug, chapter.anchor, chapter.number, number, chapter.title
        )
    if item.part is not None:
        return Passage(
            item.text,
            item.line,
            item.part.slug,
            item.part.slug,
            report_chapter_of(report, item.part.number),
            item.part.title,
            "",
        )
    if item.appendix is not None:
        a = item.appendix
        return Passage(item.text, item.line, a.slug, a.slug, last + a.number, a.heading, a.title)
    if item.kind == "title":
        return Passage(item.text, item.line, "index", "top", 0, tr(HOME), "")
    if item.kind == "preface":
        return Passage(item.text, item.line, "index", "preface", 0, tr(HOME), "")
    if item.kind == "closing":
        place = closing_place(report, item.index, tr)
        return Passage(item.text, item.line, "conclusion", f"closing-{item.index}", last, place, "")
    return Passage(item.text, item.line, closing_page(report), "sign-off", last, tr("落款"), "")


def report_chapter_of(report: Report, part: int) -> int:
    """The number of a part's first chapter (its text is read before that chapter)."""
    return next((c.number for c in report.chapters if c.part == part), 0)


def passages(report: Report, tr: Translate = _same) -> list[Passage]:
    """Every paragraph and heading of ``report`` in reading order, as ``Report.walk``; the
    places outside the chapters are named as their pages are titled (``tr``: the report's
    script)."""
    return [_passage(item, report, tr) for item in report.walk()]


@dataclass(frozen=True, slots=True)
class Location:
    """Where a source line is shown: page (no ``.md``), anchor and a short label."""

    page: str
    anchor: str
    label: str

    def link(self) -> str:
        return f"{self.page}.md#{self.anchor}" if self.anchor else f"{self.page}.md"


def _location(item: Item, report: Report, tr: Translate) -> Location:
    chapter, section = item.chapter, item.section
    if chapter is not None and section is not None:
        return Location(chapter.slug, section.anchor, f"{chapter.marker}{section.marker}{section.heading}")
    if chapter is not None:
        return Location(chapter.slug, chapter.anchor, chapter.marker + chapter.title)
    if item.part is not None:
        return Location(item.part.slug, item.part.slug, item.part.title)
    if item.appendix is not None:
        return Location(item.appendix.slug, item.appendix.slug, item.appendix.label)
    if item.kind == "title":
        return Location("index", "", tr("标题"))
    if item.kind == "preface":
        return Location("index", "preface", tr(HOME))
    if item.kind == "closing":
        return Location("conclusion", f"closing-{item.index}", closing_place(report, item.index, tr))
    return Location(closing_page(report), "sign-off", tr("落款"))


def locations(report: Report, tr: Translate) -> dict[int, Location]:
    """Every source line of the report → where a reader finds it (the first item of a line
    that holds a run-in heading and its text: the section)."""
    out: dict[int, Location] = {}
    for item in report.walk():
        if item.kind == "section-text":
            out.setdefault(item.line, _location(item, report, tr))
        else:
            out[item.line] = _location(item, report, tr)
    return out


def paragraph_id(container: str, n: int) -> str:
    """The anchor of the ``n``-th paragraph (from 1) of a section, a chapter's introduction, a
    part, an appendix, the preface or the sign-off: ``sec-2-3-p1``, ``chapter-2-p1``,
    ``preface-p2``. Derived from its place, not its words: a corrected paragraph keeps its
    anchor, and a paragraph added or removed moves only those after it in its section."""
    return f"{container}-p{n}"


def _container(item: Item) -> str:
    """The anchor a text item's paragraphs count within; "" for a heading or a title."""
    if item.kind == "section-text" and item.section is not None:
        return item.section.anchor
    if item.kind == "chapter-text" and item.chapter is not None:
        return item.chapter.anchor
    if item.kind == "part-text" and item.part is not None:
        return item.part.slug
    if item.kind == "appendix-text" and item.appendix is not None:
        return item.appendix.slug
    return item.kind if item.kind in ("preface", "sign-off") else ""


# The paragraphs that had an anchor of their own before every paragraph had one keep it.
_OWN = {("preface", 1): "preface", ("sign-off", 1): "sign-off"}


def paragraph_anchors(report: Report) -> list[str]:
    """Each item of ``Report.walk``'s anchor, in its order: a paragraph's (as the pages give
    it with ``ids``), ``""`` for a heading or a title."""
    counts: dict[str, int] = {}
    out: list[str] = []
    for item in report.walk():
        if item.kind == "closing":
            out.append(f"closing-{item.index}")
            continue
        name = _container(item)
        if not name:
            out.append("")
            continue
        n = counts[name] = counts.get(name, 0) + 1
        out.append(_OWN.get((name, n), paragraph_id(name, n)))
    return out

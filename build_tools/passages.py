"""The report as a list of passages: every paragraph and heading, in reading order, with the page
and anchor where a reader finds it. Indexes (figures, cited documents) search these."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .model import Block, Report


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
    #: where it is, shortly: ``二（二）``, ``引言``, ``结语``; ``heading``: that section's heading
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


def passages(report: Report, front: str = "引言", closing: str = "结语") -> list[Passage]:
    """Every paragraph and heading of ``report`` in reading order, as ``Report.paragraphs``.

    ``front`` and ``closing`` name the parts outside the chapters (pass them translated).
    """
    out: list[Passage] = []

    def add(blocks: Sequence[Block], page: str, anchor: str, chapter: int, place: str,
            heading: str) -> None:
        out.extend(Passage(b.text, b.line, page, anchor, chapter, place, heading) for b in blocks)

    if report.title:
        out.append(Passage(report.title.text, report.title.line, "index", "top", 0, front, ""))
    add(report.preface, "index", "preface", 0, front, "")
    for c in report.chapters:
        number = c.marker.rstrip("、")
        out.append(Passage(c.marker + c.title, c.line, c.slug, c.anchor, c.number, number,
                           c.title))
        add(c.intro, c.slug, c.anchor, c.number, number, c.title)
        for s in c.sections:
            place = number + s.marker
            out.append(Passage(s.marker + s.heading, s.line, c.slug, s.anchor, c.number, place,
                               s.heading))
            add(s.body, c.slug, s.anchor, c.number, place, s.heading)
    last = len(report.chapters) + 1
    for i, block in enumerate(report.closing, start=1):
        out.append(Passage(block.text, block.line, "conclusion", f"closing-{i}", last,
                           f"{closing} {i}" if len(report.closing) > 1 else closing, ""))
    add(report.sign_off, "conclusion", "sign-off", last, closing, "")
    return out

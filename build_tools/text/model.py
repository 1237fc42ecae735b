"""The typed document model. Every piece of text keeps the raw-file line it came from."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from ..paths import SCRIPTS as SCRIPTS  # re-exported: the model's scripts
from ..paths import Script as Script

ChangeKind = Literal[
    "furniture", "metadata", "invisible", "repair", "punctuation", "script", "override", "layout"
]


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text and its 1-based line number in the raw file."""

    no: int
    text: str


@dataclass(frozen=True, slots=True)
class Change:
    """One entry of the editorial record: a change the pipeline made to the report text."""

    kind: ChangeKind
    #: the rule that made the change, e.g. ``run-together-date``
    rule: str
    #: line of the raw file the change touched
    line: int
    before: str
    after: str
    #: offset of ``after`` in the line right after this change was applied
    #: (lets ``verify`` undo repairs exactly); -1 where that does not apply
    col: int = -1
    #: a few characters around the change, as the reader sees them after it
    context: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class Notice:
    """Something the pipeline noticed but did not change (an ambiguity, a doubt)."""

    rule: str
    line: int
    message: str


@dataclass(frozen=True, slots=True)
class Meta:
    """Page metadata the scrape carried around the report; shown on the site, not in the body."""

    page_title: str = ""
    title: str = ""
    #: the site's name (a short form of the title); the title where none is given
    short_title: str = ""
    issuer: str = ""
    #: publication time as the page gives it, e.g. ``2019-10-02 09:28:00``
    published: str = ""
    source_office: str = ""
    #: the script of the raw page: ``zh-Hant`` (converted by the site) or ``zh-Hans``
    source_script: Script = "zh-Hant"


@dataclass(frozen=True, slots=True)
class Given:
    """What a maintainer said about a report (its config); empty means "read it off the page".

    A value given here wins over what the page says."""

    title: str = ""
    short_title: str = ""
    issuer: str = ""
    published: str = ""
    source_office: str = ""
    source_script: Script | None = None


@dataclass(frozen=True, slots=True)
class Draft:
    """What flows between the text stages before ``parse`` builds the :class:`Document`."""

    path: str
    encoding: str
    raw: tuple[Line, ...]
    meta: Meta = field(default_factory=Meta)
    #: the report body after the stages so far (furniture removed, then repaired)
    body: tuple[Line, ...] = ()
    #: the report body as cleaned, before any repair (kept for the fidelity check)
    cleaned: tuple[Line, ...] = ()
    hans: tuple[Line, ...] = ()
    hant: tuple[Line, ...] = ()
    #: the metadata in each script (filled by ``script``)
    meta_hans: Meta = field(default_factory=Meta)
    meta_hant: Meta = field(default_factory=Meta)
    changes: tuple[Change, ...] = ()
    notices: tuple[Notice, ...] = ()


@dataclass(frozen=True, slots=True)
class Para:
    """A paragraph of the report."""

    text: str
    line: int


@dataclass(frozen=True, slots=True)
class Points:
    """A paragraph made of an introduction and inline points ``一是…二是…``, shown as a list.

    ``intro + "".join(items)`` is the paragraph exactly as in the report.
    """

    intro: str
    items: tuple[str, ...]
    line: int

    @property
    def text(self) -> str:
        return self.intro + "".join(self.items)


Block = Para | Points


@dataclass(frozen=True, slots=True)
class Section:
    """``（一）`` … a section of a chapter. Its heading was run in: it ended at the first 。."""

    chapter: int
    number: int
    #: the section marker as printed, e.g. ``（一）``
    marker: str
    heading: str
    #: what ended the heading in the report (``。`` for run-in headings, ``""`` otherwise)
    heading_end: str
    body: tuple[Block, ...]
    line: int

    @property
    def anchor(self) -> str:
        return f"sec-{self.chapter}-{self.number}"


@dataclass(frozen=True, slots=True)
class Chapter:
    """``一、`` … a chapter of the report.

    ``number`` counts the chapters of the whole report (1, 2, …), so anchors stay unique
    where the report restarts its numbering in each part; ``marker`` is as printed (``一、``),
    empty for a part that holds its text without numbered chapters (then ``title`` is the
    part's heading, and the chapter stands for the part)."""

    number: int
    marker: str
    title: str
    line: int
    intro: tuple[Block, ...]
    sections: tuple[Section, ...]
    #: the part it belongs to (1-based; 0 in a report without parts)
    part: int = 0

    @property
    def slug(self) -> str:
        return f"chapter-{self.number}"

    @property
    def anchor(self) -> str:
        return f"chapter-{self.number}"


@dataclass(frozen=True, slots=True)
class Part:
    """An unnumbered part above numbered chapters (``2013年工作回顾`` with ``一、二、三、``,
    then ``2014年工作安排`` with ``一、二、…`` again), with the text before its first chapter."""

    number: int
    title: str
    line: int
    intro: tuple[Block, ...]

    @property
    def slug(self) -> str:
        return f"part-{self.number}"


@dataclass(frozen=True, slots=True)
class Appendix:
    """What follows the report: ``附件1`` and its title, ``名词解释``, ``注释``, ``附：…``."""

    number: int
    #: the heading as printed, e.g. ``附件1`` (its title may follow on the same line)
    heading: str
    line: int
    #: the title on the line after a bare ``附件1`` (its line is ``title_line``), or ""
    title: str
    title_line: int
    body: tuple[Block, ...]

    @property
    def slug(self) -> str:
        return f"appendix-{self.number}"

    @property
    def label(self) -> str:
        return f"{self.heading}\u3000{self.title}" if self.title else self.heading


@dataclass(frozen=True, slots=True)
class Report:
    """The report in one script."""

    script: Script
    title: Para | None
    preface: tuple[Block, ...]
    chapters: tuple[Chapter, ...]
    #: the closing after the last chapter: problems, next steps …
    closing: tuple[Block, ...]
    #: 特此报告, the issuing body and the date, where the report has them
    sign_off: tuple[Para, ...] = ()
    parts: tuple[Part, ...] = ()
    appendices: tuple[Appendix, ...] = ()

    def sections(self) -> list[Section]:
        return [s for c in self.chapters for s in c.sections]

    def walk(self) -> Iterator[Item]:
        """Every paragraph and heading in reading order: the one walk over a report that the
        fidelity checks, the page locations, the passages and the glossary share."""
        if self.title:
            yield Item("title", self.title.text, self.title.line)
        for block in self.preface:
            yield Item("preface", block.text, block.line)
        parts = {p.number: p for p in self.parts}
        for chapter in self.chapters:
            part = parts.pop(chapter.part, None)
            if part is not None:
                yield Item("part", part.title, part.line, part=part)
                for block in part.intro:
                    yield Item("part-text", block.text, block.line, part=part)
            yield Item("chapter", chapter.marker + chapter.title, chapter.line, chapter)
            for block in chapter.intro:
                yield Item("chapter-text", block.text, block.line, chapter)
            for s in chapter.sections:
                yield Item("section", s.marker + s.heading, s.line, chapter, s, s.heading_end)
                for block in s.body:
                    yield Item("section-text", block.text, block.line, chapter, s)
        for i, block in enumerate(self.closing, start=1):
            yield Item("closing", block.text, block.line, index=i)
        for para in self.sign_off:
            yield Item("sign-off", para.text, para.line)
        for appendix in self.appendices:
            yield Item("appendix", appendix.heading, appendix.line, appendix=appendix)
            if appendix.title:
                yield Item("appendix-title", appendix.title, appendix.title_line, appendix=appendix)
            for block in appendix.body:
                yield Item("appendix-text", block.text, block.line, appendix=appendix)

    def paragraphs(self) -> list[tuple[str, int]]:
        """Every paragraph's text and source line, in reading order."""
        return [(item.text, item.line) for item in self.walk()]


ItemKind = Literal[
    "title",
    "preface",
    "part",
    "part-text",
    "chapter",
    "chapter-text",
    "section",
    "section-text",
    "closing",
    "sign-off",
    "appendix",
    "appendix-title",
    "appendix-text",
]


@dataclass(frozen=True, slots=True)
class Item:
    """One paragraph or heading of a report, as :meth:`Report.walk` gives it."""

    kind: ItemKind
    #: the text as shown (a chapter's marker and title, a section's marker and heading)
    text: str
    #: line of the raw file
    line: int
    chapter: Chapter | None = None
    section: Section | None = None
    #: what ended a run-in heading in the report (``。``); ``text + end`` is the source text
    end: str = ""
    #: the position of a closing paragraph (1-based); 0 elsewhere
    index: int = 0
    part: Part | None = None
    appendix: Appendix | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """The whole report in both scripts, its metadata and its editorial record."""

    path: str
    encoding: str
    meta_hans: Meta
    meta_hant: Meta
    hans: Report
    hant: Report
    #: the cleaned raw body, before repair (for the fidelity check)
    cleaned: tuple[Line, ...]
    #: the repaired body in the source script (for the fidelity check)
    body: tuple[Line, ...]
    #: the body lines in each script, before parsing
    hans_lines: tuple[Line, ...]
    hant_lines: tuple[Line, ...]
    changes: tuple[Change, ...]
    notices: tuple[Notice, ...]
    #: the raw file's lines, as loaded (what the editorial notes quote as the source)
    raw: tuple[Line, ...] = ()

    def report(self, script: Script) -> Report:
        return self.hans if script == "zh-Hans" else self.hant

    def script_lines(self, script: Script) -> tuple[Line, ...]:
        return self.hans_lines if script == "zh-Hans" else self.hant_lines

    def meta(self, script: Script) -> Meta:
        return self.meta_hans if script == "zh-Hans" else self.meta_hant

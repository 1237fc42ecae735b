"""The outline of a report's body: preface, unnumbered parts, chapters ``一、``, sections
``（一）`` and closing, with inline points ``一是…二是…`` as lists.

Shapes handled: chapters ``一、``; unnumbered parts above them (``2013年工作回顾`` …) with the
chapter numbers starting anew in each, or holding their text or their ``（一）`` sections
directly; sections ``（一）`` or ``(一)``, run in (the heading ends at the first 。) or on a
line of their own; a report numbered only ``（一）（二）…`` at its top level; a third level
``1.`` kept as paragraphs; the closing after the last heading. Numbering out of order is an
error that says which chapter or section is missing, repeated or misplaced.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import InputError
from .markers import (
    BYLINE,
    CHAPTER,
    CLOSING,
    CLOSING_CHAPTER,
    EXHORTATION,
    PART,
    PART_WORDS,
    POINT,
    PUNCTUATION,
    SALUTATION,
    SECTION,
    SPEAKER,
)
from .model import Block, Chapter, Line, Para, Part, Points, Section
from .numerals import from_int, to_int


@dataclass(frozen=True, slots=True)
class Outline:
    """A report's body (after its title, before its sign-off) read into its structure."""

    preface: tuple[Block, ...]
    chapters: tuple[Chapter, ...]
    parts: tuple[Part, ...]
    closing: tuple[Block, ...]


def outline(body: list[Line], path: str) -> Outline:
    """The structure of ``body`` (non-empty lines); an error when no heading is found."""
    heads = _heads(body)
    parts = _parts(body, heads)
    if not heads and not parts:
        raise InputError(
            "no chapters found: no line starts with a chapter number like 一、",
            path=path,
            line=body[0].no,
            hint="check that the chapters of the report begin on lines of their own with 一、二、…",
        )
    closing_at = _closing_start(body, heads, parts)
    # Where the outline starts: the first part or chapter (sections before a report's first
    # chapter are paragraphs of its preface), else the first section.
    top = [h.index for h in heads if h.kind == "chapter"] or [h.index for h in heads]
    start = min(top + parts)
    chapters, part_list = _outline(
        body[start:closing_at],
        _heads(body[start:closing_at]),
        [p - start for p in parts if p < closing_at],
        path,
    )
    return Outline(blocks(body[:start]), tuple(chapters), tuple(part_list), blocks(body[closing_at:]))


def _points(text: str, line: int) -> Block:
    """A paragraph with inline points 一是、二是… in sequence becomes :class:`Points`."""
    starts: list[int] = []
    for m in POINT.finditer(text):
        if to_int(m.group("num")) == len(starts) + 1:
            starts.append(m.start())
    if len(starts) < 2:
        return Para(text, line)
    items = tuple(text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=False))
    return Points(text[: starts[0]], items, line)


def blocks(lines: Sequence[Line]) -> tuple[Block, ...]:
    return tuple(_points(line.text.strip(), line.no) for line in lines)


@dataclass(frozen=True, slots=True)
class _Head:
    """A heading line of the body: ``kind`` is chapter, section or part."""

    index: int
    kind: str
    num: int = 0


def _heads(body: list[Line]) -> list[_Head]:
    heads = []
    for i, line in enumerate(body):
        text = line.text.strip()
        if m := CHAPTER.match(text):
            heads.append(_Head(i, "chapter", to_int(m.group("num"))))
        elif m := SECTION.match(text):
            heads.append(_Head(i, "section", to_int(m.group("num"))))
    return heads


def _part_candidate(text: str) -> bool:
    text = text.strip()
    return (
        bool(PART.match(text))
        and not PUNCTUATION.search(text)
        and not SALUTATION.match(text)
        and not SPEAKER.search(text)
        and not BYLINE.search(text)
        and not CHAPTER.match(text)
        and not SECTION.match(text)
    )


def _parts(body: list[Line], heads: list[_Head]) -> list[int]:
    """Indices of the headings of unnumbered parts.

    A short line without punctuation is a part's heading when the next heading after it
    starts the numbering anew (``一、``, or ``（一）`` in a report without chapters) with no
    other such line between; or, where there are such parts, when it reads like one
    (``2014年工作安排``)."""
    candidates = [i for i, line in enumerate(body) if _part_candidate(line.text)]
    if not candidates:
        return []
    has_chapters = any(h.kind == "chapter" for h in heads)
    starts = [h.index for h in heads]  # in order: found by bisection, not by a scan each
    strong, weak = [], []
    for j, c in enumerate(candidates):
        at = bisect.bisect_right(starts, c)
        nxt = heads[at] if at < len(heads) else None
        # Candidates are in order: another one before that heading is the very next one.
        between = nxt is not None and j + 1 < len(candidates) and candidates[j + 1] < nxt.index
        restart = (
            nxt is not None and nxt.num == 1 and not between and (nxt.kind == "chapter" or not has_chapters)
        )
        if restart:
            strong.append(c)
        elif PART_WORDS.match(body[c].text.strip()):
            weak.append(c)
    if not strong and len(weak) < 2:
        return []
    return sorted(strong + weak)


def _closing_start(body: list[Line], heads: list[_Head], parts: list[int]) -> int:
    """Where the closing begins: the first paragraph after the last heading that opens a look
    back, the next steps or the final exhortation; never a heading's only paragraph, and no
    closing at all after a last chapter that is itself about problems or next steps."""
    marks = sorted([h.index for h in heads] + parts)
    if not marks:
        return len(body)
    last = marks[-1]
    first = last + (1 if "。" in body[last].text else 2)  # a run-in heading holds its text
    last_chapter = next((h for h in reversed(heads) if h.kind == "chapter"), None)
    if last_chapter is not None:
        m = CHAPTER.match(body[last_chapter.index].text.strip())
        if (
            m
            and CLOSING_CHAPTER.search(m.group("title"))
            and last_chapter.index == max((h.index for h in heads if h.kind == "chapter"), default=-1)
        ):
            # Only "各位代表！…" ends a work report's 2026年工作安排 (never its own text).
            return next((i for i in range(first, len(body)) if EXHORTATION.match(body[i].text)), len(body))
    for i in range(first, len(body)):
        if CLOSING.match(body[i].text) or EXHORTATION.match(body[i].text):
            return i
    return len(body)


# A line that ends a sentence (or a lead-in: 主要做了以下工作：); after one, （一） starts a new
# run of a chapter's sections.
_SENTENCE_CLOSED = re.compile(r"[。！？：]$")


def _section(
    lines: list[Line], chapter: int, label: str, path: str
) -> tuple[tuple[Block, ...], tuple[Section, ...]]:
    """A chapter's lines (after its heading): the intro and the sections ``（一）…``, in one
    run or several (a five-year review （一）…（四）, then 各位代表！刚刚过去的2015年… and its
    （一）…（五）): a （一） after the chapter's sections and a sentence starts a run (after a
    heading-like line it is a chapter heading gone unrecognised: refused); ``number`` counts
    the sections across the chapter."""
    intro: list[Block] = []
    sections: list[Section] = []
    run = 0  # how many sections came before the current run
    before = ""  # the line before this one
    for line in lines:
        text = line.text.strip()
        sm = SECTION.match(text)
        if sm is None:
            before = text
            if sections:
                last = sections[-1]
                sections[-1] = dataclasses.replace(last, body=(*last.body, _points(text, line.no)))
            else:
                intro.append(_points(text, line.no))
            continue
        number = to_int(sm.group("num"))
        run = len(sections) if number == 1 and _SENTENCE_CLOSED.search(before) else run
        before = text
        if number != len(sections) - run + 1:
            what = "is repeated" if number <= len(sections) - run else "comes too early"
            raise InputError(
                f"section （{sm.group('num')}） of chapter {label} {what}: section "
                f"（{from_int(len(sections) - run + 1)}） was expected here",
                path=path,
                line=line.no,
                hint="sections of a chapter must run （一）（二）（三）… in order; fix the "
                "numbering or restore the missing section",
            )
        marker = text[: text.index(sm.group("num")) + len(sm.group("num")) + 1]
        rest = sm.group("rest")
        heading, end_mark, first = rest, "", ""
        if "。" in rest:
            heading, _, first = rest.partition("。")
            end_mark = "。"
        sections.append(
            Section(
                chapter,
                len(sections) + 1,
                marker,
                heading.strip(),
                end_mark,
                (_points(first, line.no),) if first else (),
                line.no,
            )
        )
    return tuple(intro), tuple(sections)


@dataclass
class _Outline:
    """The chapters and parts as they are built, numbered across the whole report."""

    path: str
    chapters: list[Chapter]
    parts: list[Part]

    def chapter(self, head: Line, marker: str, title: str, lines: list[Line], part: int) -> None:
        number = len(self.chapters) + 1
        label = marker or title
        intro, sections = _section(lines, number, label, self.path)
        if not intro and not sections:
            raise InputError(
                f"chapter {label} has no text",
                path=self.path,
                line=head.no,
                hint="the file may be truncated or a chapter's text lost; restore it",
            )
        self.chapters.append(Chapter(number, marker, title, head.no, intro, sections, part))

    def numbered(self, lines: list[Line], part: int) -> None:
        """Numbered chapters ``一、二、…`` (starting anew in each part)."""
        rows = [i for i, line in enumerate(lines) if CHAPTER.match(line.text.strip())]
        if not rows:
            return
        for k, (start, end) in enumerate(zip(rows, [*rows[1:], len(lines)], strict=True), start=1):
            m = CHAPTER.match(lines[start].text.strip())
            assert m is not None
            if to_int(m.group("num")) != k:
                raise _chapter_error(m.group("num"), k, [lines[r] for r in rows], lines[start], self.path)
            self.chapter(
                lines[start], f"{m.group('num')}、", m.group("title").strip(), lines[start + 1 : end], part
            )


def _outline(
    body: list[Line], heads: list[_Head], parts: list[int], path: str
) -> tuple[list[Chapter], list[Part]]:
    """Chapters (numbered across the report) and parts, from the body between the preface
    and the closing."""
    out = _Outline(path, [], [])
    has_chapters = any(h.kind == "chapter" for h in heads)
    first_part = parts[0] if parts else len(body)
    if has_chapters:
        out.numbered(body[:first_part], 0)
    elif first_part:
        _sections_as_chapters(out, body[:first_part])
    for start, end in zip(parts, [*parts[1:], len(body)][: len(parts)], strict=True):
        lines = body[start + 1 : end]
        rows = [i for i, line in enumerate(lines) if CHAPTER.match(line.text.strip())]
        title = body[start].text.strip()
        if rows:  # a part above numbered chapters
            out.parts.append(Part(len(out.parts) + 1, title, body[start].no, blocks(lines[: rows[0]])))
            out.numbered(lines[rows[0] :], len(out.parts))
        else:  # a part that holds its text (or its sections) itself: a chapter of its own
            out.chapter(body[start], "", title, lines, 0)
    return out.chapters, out.parts


def _sections_as_chapters(out: _Outline, lines: list[Line]) -> None:
    """A report numbered only ``（一）（二）…`` at its top level: each section is a chapter."""
    rows = [i for i, line in enumerate(lines) if SECTION.match(line.text.strip())]
    if not rows:
        return
    for k, (start, end) in enumerate(zip(rows, [*rows[1:], len(lines)], strict=True), start=1):
        m = SECTION.match(lines[start].text.strip())
        assert m is not None
        if to_int(m.group("num")) != k:
            raise InputError(
                f"（{m.group('num')}） stands where （{from_int(k)}） was expected",
                path=out.path,
                line=lines[start].no,
                hint="the top-level numbers must run （一）（二）… in order",
            )
        text = lines[start].text.strip()
        marker = text[: text.index(m.group("num")) + len(m.group("num")) + 1]
        rest = m.group("rest")
        heading, _, first = rest.partition("。") if "。" in rest else (rest, "", "")
        head = Line(lines[start].no, marker + heading)
        body = ([Line(lines[start].no, first)] if first else []) + lines[start + 1 : end]
        out.chapter(head, marker, heading.strip(), body, 0)


def _chapter_error(num: str, expected: int, heads: list[Line], head: Line, path: str) -> InputError:
    """Chapter ``num`` stands where chapter ``expected`` should: say which of missing,
    out of order or repeated it is, and where the other chapter is."""
    want = from_int(expected)
    numbers = [to_int(_chapter_num(h.text)) for h in heads]
    later = [h.no for h, n in zip(heads[expected:], numbers[expected:], strict=False) if n == expected]
    if to_int(num) < expected:
        first = next(h.no for h, n in zip(heads, numbers, strict=False) if n == to_int(num))
        message = f"chapter {num}、 is repeated (first at line {first}); chapter {want}、 was expected"
    elif later:
        message = (
            f"the chapters are out of order: chapter {num}、 comes before chapter {want}、 "
            f"(at line {later[0]})"
        )
    else:
        after = f"follows chapter {from_int(expected - 1)}、" if expected > 1 else "comes first"
        message = f"chapter {want}、 is missing: chapter {num}、 {after}"
    return InputError(
        message,
        path=path,
        line=head.no,
        hint=f"chapters must run 一、二、三… in order; restore chapter {want}、 if it was lost, "
        "or fix the numbering; a report whose parts (such as 2013年工作回顾, 2014年工作安排) "
        "number their chapters anew needs each part's heading on a line of its own",
    )


def _chapter_num(text: str) -> str:
    m = CHAPTER.match(text.strip())
    assert m is not None
    return m.group("num")

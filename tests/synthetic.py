"""Longer reports made from the real one: its chapters repeated and renumbered.

Shared by the benchmark (``scripts/bench``, the text pipeline on reports 5× to 20× the real
one) and the tests (a synthetic report parses as intended, a 160-chapter one is refused).
Not a test module.

    report = outline(SOURCE.read_text(encoding="utf-8"))
    text = synthetic(report, chapter_reps=10, section_reps=2)   # 80 chapters, sections twice

Chapter numerals stop at 九十九 in the report parser (``build_tools.text.numerals``), so a
report of more than 99 chapters is refused; :func:`numeral` still writes 一百 and beyond so that
such a report can be made to show it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from build_tools.text.numerals import DIGITS, NUMERAL, from_int

__all__ = ["CHAPTER", "SECTION", "Outline", "numeral", "outline", "renumber", "synthetic"]

# Chapter ("一、…") and section ("（一）…" or "(一)…") headings as the report parser reads them;
# group "num" is the numeral that synthetic() renumbers.
CHAPTER = re.compile(rf"^[\s\u3000]*(?P<num>{NUMERAL})、")
SECTION = re.compile(rf"^[\s\u3000]*[（(](?P<num>{NUMERAL})[）)]")

#: a chapter heading longer than this is a paragraph that happens to start with "一、"
_MAX_HEADING = 80

#: one chapter: its heading line, the lines before its first section, each section's lines
Chapter = tuple[str, list[str], list[list[str]]]


@dataclass(frozen=True)
class Outline:
    """The raw report cut at its chapter and section headings (lines as in the file)."""

    #: page furniture, title and preface before the first chapter
    head: list[str]
    #: every chapter, in order
    chapters: list[Chapter]
    #: closing, sign-off and page furniture after the last section
    tail: list[str]


def outline(text: str) -> Outline:
    """Cut the report into an :class:`Outline`; ``synthetic(outline(text), 1, 1) == text``.

    Assumes what holds for this report: a section is one run-in line (its heading ends at the
    first 。 and its text follows), so the closing starts at the first non-blank line after the
    last section heading. Raises ValueError for a text without chapters or sections.
    """
    lines = text.split("\n")
    rows = [i for i, line in enumerate(lines) if CHAPTER.match(line) and len(line) <= _MAX_HEADING]
    if not rows:
        raise ValueError("the raw report has no chapter headings (一、); cannot repeat chapters")
    chapters: list[Chapter] = []
    tail_at = len(lines)
    for ci, (start, end) in enumerate(zip(rows, [*rows[1:], len(lines)], strict=True)):
        block = lines[start + 1 : end]
        heads = [j for j, line in enumerate(block) if SECTION.match(line)]
        if not heads:
            raise ValueError(f"chapter at line {start + 1} has no sections; cannot repeat them")
        sections = [block[a:b] for a, b in zip(heads, [*heads[1:], len(block)], strict=True)]
        if ci == len(rows) - 1:
            last = sections[-1]
            keep = 1
            while keep < len(last) and not last[keep].strip():
                keep += 1
            tail_at = start + 1 + heads[-1] + keep
            sections[-1] = last[:keep]
        chapters.append((lines[start], block[: heads[0]], sections))
    return Outline(lines[: rows[0]], chapters, lines[tail_at:])


def numeral(n: int) -> str:
    """Chinese numeral for ``n`` ≥ 1; past 99 too (一百, 一百零一 …), which the parser refuses."""
    if n <= 99:
        return from_int(n)
    hundreds, rest = divmod(n, 100)
    if hundreds > 9:
        raise ValueError(f"no numeral past 999: {n}")
    text = DIGITS[hundreds] + "百"
    if rest == 0:
        return text
    if rest < 10:
        return text + "零" + DIGITS[rest]
    tens, units = divmod(rest, 10)
    return text + DIGITS[tens] + "十" + (DIGITS[units] if units else "")


def renumber(heading: re.Pattern[str], line: str, n: int) -> str:
    """``line`` with the numeral that ``heading`` matched replaced by the numeral of ``n``."""
    m = heading.match(line)
    if m is None:
        raise ValueError(f"not a heading: {line[:40]!r}")
    return line[: m.start("num")] + numeral(n) + line[m.end("num") :]


def synthetic(report: Outline, chapter_reps: int, section_reps: int = 1) -> str:
    """The report with its chapters repeated ``chapter_reps`` times and, inside each chapter,
    its sections ``section_reps`` times, all renumbered (一、…八、九、… and （一）（二）…)."""
    out = list(report.head)
    n = 0
    for _ in range(chapter_reps):
        for heading, intro, sections in report.chapters:
            n += 1
            out.append(renumber(CHAPTER, heading, n))
            out += intro
            k = 0
            for _ in range(section_reps):
                for lines in sections:
                    k += 1
                    out.append(renumber(SECTION, lines[0], k))
                    out += lines[1:]
    return "\n".join(out + report.tail)

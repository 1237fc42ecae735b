"""The figure finder's data: what a rule finds (a figure, :class:`Hit`, or a number left out,
:class:`Skip`), a figure of the report (:class:`Figure`), a number left out with its clause
(:class:`Excluded`), and one script's whole account (:class:`Figures`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ...text.model import Script
from ..walk import Passage

Category = Literal["count", "duration", "money", "percentage", "rank", "date"]
CATEGORIES: tuple[Category, ...] = ("count", "duration", "money", "percentage", "rank", "date")
# A date is a figure (category "date") that accounts for all its digits (年, 月, 日), so no
# digit is left out as "part of a date".
# "unclassified" is a number no rule explains: listed, never silently dropped (the test on the
# real report requires there be none; another report may need a new rule).
Reason = Literal["document-number", "hotline", "year", "year-range", "list-number", "unclassified"]
REASONS: tuple[Reason, ...] = (
    "document-number",
    "hotline",
    "year",
    "year-range",
    "list-number",
    "unclassified",
)

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Hit:
    """A figure a rule found in a passage, as offsets (valid in both scripts)."""

    rule: str
    category: Category
    span: Span
    #: the value as the table shows it: digits as printed, a Chinese numeral's value, an ISO date
    value: str
    #: where the number is (for a date: the whole date)
    number: Span
    unit: Span | None = None
    #: qualifiers as printed: 余, 多, 以上, 内, 最短, 起 …
    qualifiers: tuple[Span, ...] = ()
    #: unit and qualifier the words mean but do not print (名列三甲: 前 3 名); the same
    #: characters in both scripts
    implied: tuple[str, str] = ("", "")


@dataclass(frozen=True, slots=True)
class Skip:
    """A number a rule leaves out of the figures (a year, a document number …), and why."""

    reason: Reason
    span: Span


@dataclass(frozen=True, slots=True)
class Figure:
    """One quantitative statement of the report, in one script."""

    #: stable within a build: the anchor of its passage and its place there (``sec-2-2.3``)
    id: str
    category: Category
    value: str
    unit: str
    qualifier: str
    #: what the number measures
    label: str
    #: a topic shared by several figures (from sources/figures.yml), or ""
    group: str
    #: the clause that states it, as in the report, and where it is in ``passage.text``
    clause: str
    clause_span: Span
    passage: Passage
    #: offsets of the statement and of its number in ``passage.text``
    span: Span
    number: Span
    #: the runs of Arabic digits this figure accounts for
    runs: tuple[Span, ...]

    @property
    def numeric(self) -> float | None:
        """The value as a number (None for a date)."""
        try:
            return float(self.value)
        except ValueError:
            return None


@dataclass(frozen=True, slots=True)
class Excluded:
    """A number that is not a figure, and why."""

    reason: Reason
    text: str
    clause: str
    clause_span: Span
    passage: Passage
    span: Span
    runs: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Figures:
    """The figures of one script, and every other number of the body with its reason."""

    script: Script
    figures: tuple[Figure, ...]
    excluded: tuple[Excluded, ...]
    passages: tuple[Passage, ...]

    def find(self, anchor: str, *, before: str = "", after: str = "") -> Figure:
        """The one figure of section ``anchor`` right after ``before`` / before ``after``.

        Cues are words of the Simplified report (``before="废止"`` finds 废止31件); use them on
        the Simplified figures and take the same index in the Traditional ones.
        """
        found = [
            f
            for f in self.figures
            if f.passage.anchor == anchor
            and f.passage.text[: f.number[0]].endswith(before)
            and f.passage.text[f.number[1] :].startswith(after)
        ]
        if len(found) != 1:
            cue = f"{before}…{after}"
            raise LookupError(
                f"{len(found)} figures in {anchor} match {cue!r}"
                + (f": {', '.join(f.clause for f in found)}" if found else "")
            )
        return found[0]

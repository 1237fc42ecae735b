"""What a figure measures: the clause that states it and a short label taken from the words
around its number, by rule."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from .model import Hit, Span

# A clause ends at these marks; 、 also ends a part of an enumeration (outside brackets).
_CLAUSE_END = "，。；：！？"
_OPEN, _CLOSE = "（《“〈〔", "）》”〉〕"
# Words that open a clause but say nothing about what is counted (共281项, 并将, 目前).
_LEAD = re.compile(r"^(?:[，、]|\d{1,2}[．.]|共|累计|并|将|其中|目前|和|及|与|同时|另有|其他)+")
_TRAIL = re.compile(r"(?:[、“]|共|达到|达|为|已由|由|的|从原来的|原来的|从|和|及)+$")
_LABEL_MAX = 24
# How far a clause reaches on either side of its number. A report's clauses are short (the
# longest of the 2018 report has 85 characters); a line without clause marks (a pasted table,
# a run of markup) would otherwise be the clause of every number in it, and the figures page,
# which shows each number's clause, would grow with the square of the line's length.
_CLAUSE_REACH = 120


def clause_of(text: str, span: Span) -> Span:
    """The clause around ``span``: from the last clause mark before it to the next after it,
    at most :data:`_CLAUSE_REACH` characters either side."""
    # Searched within the reach only, so that a long line costs each number the same.
    lo, hi = max(0, span[0] - _CLAUSE_REACH), span[1] + _CLAUSE_REACH
    a = max((text.rfind(c, lo, span[0]) for c in _CLAUSE_END), default=-1) + 1
    ends = [i for i in (text.find(c, span[1], hi) for c in _CLAUSE_END) if i >= 0]
    return max(a, lo), min([*ends, hi, len(text)])


def _part_of(text: str, clause: Span, span: Span) -> Span:
    """The part of an enumeration (parts split by 、 outside brackets) that holds ``span``."""
    depth, start = 0, clause[0]
    for i in range(clause[0], clause[1]):
        c = text[i]
        if c in _OPEN:
            depth += 1
        elif c in _CLOSE:
            depth = max(0, depth - 1)
        elif c == "、" and depth == 0:
            if i >= span[1]:
                return start, i
            start = i + 1
    return start, clause[1]


def _trim(text: str, a: int, b: int) -> Span:
    """Move ``a``/``b`` inward past lead-in and trailing function words."""
    lead = _LEAD.match(text[a:b])
    a += lead.end() if lead else 0
    trail = _TRAIL.search(text[a:b])
    b -= (trail.end() - trail.start()) if trail else 0
    return a, max(a, b)


def clause_around(text: str, span: Span) -> Span:
    """The clause that states a figure; a clause that is only the figure (``2018年5月，``)
    runs on to the end of the next one, which says what happened then."""
    a, b = clause_of(text, span)
    rest = text[a : span[0]].strip("自") + text[span[1] : b].strip("起")
    if len(rest) <= 1 and b < len(text):  # 2018年， (the 年 of a year is outside its span)
        b = clause_of(text, (b + 1, b + 1))[1]
    return a, b


@dataclass(frozen=True, slots=True)
class Label:
    """Where a figure's label is in its passage; ``cut`` if it was shortened (shown with …)."""

    span: Span
    cut: Literal["", "head", "tail"] = ""

    def text(self, passage: str) -> str:
        words = passage[self.span[0] : self.span[1]]
        return "…" + words if self.cut == "head" else words + "…" if self.cut == "tail" else words


def label_of(text: str, hit: Hit, previous: Hit | None, following: Hit | None) -> Label:
    """What a number measures, by rule, from the words around it in its clause (or in its part
    of an enumeration ``A、B、C``):

    * the words before it, from the previous number on (行政复议申请2945件);
    * but the words after it when a number comes earlier in the same part, since the words
      between two numbers belong to the first (11个区和14个市直部门的2000多项事项…), or when
      fewer than three words come before (11个区全部建立…);
    * lead-in and linking words trimmed (共, 将, 由, 的 …), at most ``_LABEL_MAX`` characters.

    ``previous`` and ``following``: the figures of the passage right before and after it (the
    numbers left out, a year or a hotline's name, are words of a label, not its bounds).
    """
    clause = clause_around(text, hit.span)
    part = _part_of(text, clause, hit.span)
    earlier = previous is not None and previous.span[1] >= part[0]
    start = previous.span[1] if previous is not None and earlier else part[0]
    end = following.span[0] if following is not None and following.span[0] <= part[1] else part[1]
    before = _trim(text, start, hit.span[0])
    after = _trim(text, hit.span[1], end)
    if not text[part[0] : hit.span[0]].strip("自") and after[0] == after[1] and clause[1] > part[1]:
        after = _trim(text, hit.span[1] + 1, clause[1])  # 2018年5月，<what happened>
    use_after = after[1] > after[0] and (earlier or before[1] - before[0] < 3)
    a, b = after if use_after else before
    if b - a <= _LABEL_MAX:
        return Label((a, b))
    return Label((a, a + _LABEL_MAX), "tail") if use_after else Label((b - _LABEL_MAX, b), "head")

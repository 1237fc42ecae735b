"""Indicators across years: the figures of an issuer's reports that are the same quantity.

A figure (the figure finder's: a value, a unit, a category and a label from the words before
it) is an indicator's value when the curated file says so (``curated/indicators.py``), in one
of two ways, and the page always says which:

* **by its label** (``label``): the figure's category is the indicator's, its unit converts to
  the indicator's, and its label, without a leading year and lead-in words (全年, 实现, 预计 …)
  or a trailing verb (突破, 达到 …), is one of the indicator's labels;
* **by words only** (``words``): the same, except that one of the labels only occurs *in* the
  figure's label (占地区生产总值比重, 地区生产总值由2015年): shown apart, marked as not
  checked, and never drawn.

A report whose labelled figures give one value (two statements of the same number count as
one) has a point on the chart; a report that gives several different values (a result and a
target) has none: the table lists them all. Nothing is picked by guesswork.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from ...curated.indicators import Indicator
from .address import issuer_order
from .record import FigureRow, Record

Kind = Literal["label", "words"]

# What may open a label without changing what it measures: the cut mark, a year, and words
# that say when, how or where in the whole (2016年本市生产总值, 预计全年实现地区生产总值,
# 全市地区生产总值).
_LEAD = re.compile(
    r"^(?:…|(?:19|20)\d\d年(?:度)?|初步预计|预计|全年|实现|完成|其中|去年|今年|力争|同比|全市|全区|全省|全县)+"
)
# What may close it: the verb before the number (地区生产总值突破3000亿元, 达到1040亿元).
_TRAIL = re.compile(r"(?:首次突破|突破|达到|达|超过|超|完成|累计完成|增至|控制在|保持在)+$")
# A unit: a power of ten (万, 亿 …) and what is counted (元, 件, %).
_UNIT = re.compile(r"^(万亿|千亿|百亿|亿|千万|百万|万|千)?(.*)$")
_POWERS = {
    "": 1.0,
    "千": 1e3,
    "万": 1e4,
    "百万": 1e6,
    "千万": 1e7,
    "亿": 1e8,
    "百亿": 1e10,
    "千亿": 1e11,
    "万亿": 1e12,
}


def normal(label: str) -> str:
    """A label without its leading year and lead-in words or its trailing verb."""
    return _TRAIL.sub("", _LEAD.sub("", label.strip()))


def convert(value: float, unit: str, target: str) -> float | None:
    """``value`` in ``unit`` expressed in ``target`` (万元 → 亿元: ÷ 10,000); None when the two
    count different things (% and 个百分点, 元 and 件)."""
    a, b = _UNIT.match(unit), _UNIT.match(target)
    if a is None or b is None or a.group(2) != b.group(2):
        return None
    return value * _POWERS[a.group(1) or ""] / _POWERS[b.group(1) or ""]


@dataclass(frozen=True, slots=True)
class Match:
    """A figure of a report taken as an indicator's value, and how."""

    record: Record
    figure: FigureRow
    kind: Kind
    #: the value in the indicator's unit
    value: float


def match(indicator: Indicator, record: Record) -> list[Match]:
    """The figures of ``record`` that are ``indicator``'s values, in reading order."""
    labels = {normal(label) for label in indicator.labels}
    found: list[Match] = []
    for figure in record.figures:
        if figure.category != indicator.category:
            continue
        try:
            number = float(figure.value)
        except ValueError:
            continue
        value = convert(number, figure.unit, indicator.unit)
        if value is None:
            continue
        own = normal(figure.label[0])
        if own in labels:
            found.append(Match(record, figure, "label", value))
        elif any(label in figure.label[0] for label in labels):
            found.append(Match(record, figure, "words", value))
    return found


@dataclass(frozen=True, slots=True)
class Series:
    """One indicator in one issuer's reports."""

    indicator: Indicator
    #: the issuer's address in the library
    issuer: str
    #: the matches of each report, reports by year
    reports: tuple[tuple[Record, tuple[Match, ...]], ...]

    def point(self, record: Record, matches: Sequence[Match]) -> Match | None:
        """The report's value on the chart: its labelled figures give exactly one."""
        labelled = [m for m in matches if m.kind == "label"]
        return labelled[0] if labelled and len({m.value for m in labelled}) == 1 else None

    def points(self) -> list[Match]:
        return [p for r, ms in self.reports if (p := self.point(r, ms)) is not None]


def series(
    indicators: Iterable[Indicator], records: Mapping[str, Record], where: Mapping[str, str]
) -> dict[str, list[Series]]:
    """``{indicator id: [Series per issuer that has a value]}``, issuers in address order."""
    built = sorted((r for r in records.values() if r.key in where), key=lambda r: issuer_order(where[r.key]))
    out: dict[str, list[Series]] = {}
    for indicator in indicators:
        by_issuer: dict[str, list[tuple[Record, tuple[Match, ...]]]] = {}
        for record in built:
            found = tuple(match(indicator, record))
            if found:
                by_issuer.setdefault(where[record.key].split("/")[0], []).append((record, found))
        out[indicator.id] = [
            Series(indicator, issuer, tuple(sorted(rows, key=lambda row: (row[0].year or 0, row[0].key))))
            for issuer, rows in by_issuer.items()
        ]
    return out

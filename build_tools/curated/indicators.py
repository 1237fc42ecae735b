"""A library's indicators file (named by ``library.yml``): which figures of different reports
are the same quantity, so that a series of reports can be read across its years.

    indicators:
      - id: gdp                    # the indicator's address (lower-case ASCII)
        name: 地区生产总值           # its name (Simplified; converted for the Traditional site)
        category: money            # the figure finder's category: count, duration, money,
                                   # percentage, rank
        unit: 亿元                  # the unit its values are shown in; a figure in another
                                   # unit of the same kind is converted (万元 → 亿元)
        labels:                    # the figure finder's labels that mean it (its figures
          - 地区生产总值             # page's 所指), compared without a leading year and
          - 本区生产总值             # lead-in words (全年, 实现, 预计 …)
        note: 当年数值或预计数       # optional: what a reader should know (Simplified)

It names labels, never values: numbers come from the reports. Errors name ``file:line``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError
from .reader import Entry, check_keys, optional_list, read_entries, require_str

ENTRY_KEYS = ("id", "name", "category", "unit", "labels", "note")
#: the figure finder's categories a series can be drawn of (a date is not a quantity)
CATEGORIES = ("count", "duration", "money", "percentage", "rank")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True, slots=True)
class Indicator:
    """One quantity, as a curator defined it."""

    id: str
    name: str
    category: str
    unit: str
    labels: tuple[str, ...]
    note: str
    path: str
    line: int


def _indicator(entry: Entry) -> Indicator:
    check_keys(entry, ENTRY_KEYS)
    ident = require_str(entry, "id")
    if not _ID.match(ident):
        raise entry.error(
            f"the id {ident!r} is not lower-case ASCII",
            "id",
            hint="use lower-case letters, digits and hyphens: it is the indicator page's address",
        )
    category = require_str(entry, "category")
    if category not in CATEGORIES:
        raise entry.error(
            f"'category' must be one of {', '.join(CATEGORIES)}, got {category!r}",
            "category",
            hint="the category of the figures page (数量 count, 时长 duration, 金额 money, 比例 "
            "percentage, 名次 rank)",
        )
    labels = optional_list(entry, "labels")
    if not labels:
        raise entry.error(
            "the indicator has no labels", hint="list the labels that mean it: labels: [地区生产总值]"
        )
    note = entry.values.get("note")
    return Indicator(
        id=ident,
        name=require_str(entry, "name"),
        category=category,
        unit=require_str(entry, "unit"),
        labels=tuple(labels),
        note=require_str(entry, "note") if note is not None else "",
        path=entry.path,
        line=entry.line,
    )


def read_indicators(path: Path) -> tuple[Indicator, ...]:
    """The indicators of ``path``; two with one id are an error at the second's line."""
    found: list[Indicator] = []
    seen: dict[str, int] = {}
    for entry in read_entries(path, "indicators"):
        indicator = _indicator(entry)
        if indicator.id in seen:
            raise DataError(
                f"the id {indicator.id!r} is given twice (first at line {seen[indicator.id]})",
                path=path,
                line=indicator.line,
                hint="give each indicator an id of its own",
            )
        seen[indicator.id] = indicator.line
        found.append(indicator)
    if not found:
        raise DataError(
            "the file has no indicators",
            path=path,
            line=1,
            hint="add entries under 'indicators:', or remove 'indicators:' from library.yml",
        )
    return tuple(found)

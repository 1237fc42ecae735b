"""What the library keeps of each report it built: a :class:`Record`, written as JSON beside
the report's built site in the build cache, so that an unchanged report is never read again.

Everything is kept in both scripts (``Both``: Simplified, Traditional) and taken from the
report's Document, never from its pages.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from ...text.filename import report_year as text_year
from ...text.model import SCRIPTS, Document, Script
from ..quantities import Figures
from ..walk import Passage

#: bump when what a record holds changes: every cached report is then rebuilt
FORMAT = 1
#: a text in both scripts: (Simplified, Traditional)
Both = tuple[str, str]
Status = Literal["built", "refused"]
# The first year a title names: 2018年, 2016年度, 福田区政府工作报告（2020）.
_TITLE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?:年|）|\))")


def pick(both: Both, script: Script) -> str:
    return both[SCRIPTS.index(script)]


@dataclass(frozen=True, slots=True)
class FigureRow:
    """A figure of the report (the figure finder's), where a reader finds it."""

    category: str
    value: str
    unit: str
    qualifier: str
    label: Both
    clause: Both
    #: page (``chapter-2``) and the anchor of the paragraph that states it
    page: str
    anchor: str
    #: line of the raw file
    line: int

    def url(self, script: Script) -> str:
        """The paragraph's address relative to the report's folder (``zh-Hans/chapter-2/#…``)."""
        page = "" if self.page == "index" else f"{self.page}/"
        return f"{script}/{page}#{self.anchor}"


@dataclass(frozen=True, slots=True)
class Record:
    """One report of the library: built (with what the library pages need) or refused."""

    key: str
    hash: str
    status: Status
    #: why a report was refused: the message, where (``path:line``) and what to do
    reason: str = ""
    where: str = ""
    hint: str = ""
    year: int | None = None
    title: Both = ("", "")
    short_title: Both = ("", "")
    issuer: Both = ("", "")
    published: str = ""
    pdf: bool = False
    figures: tuple[FigureRow, ...] = field(default=())

    def name(self, script: Script) -> str:
        """What the library calls the report: its site's name (short title, else title)."""
        return pick(self.short_title, script) or pick(self.title, script)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"format": FORMAT}
        for name in Record.__slots__:
            value = getattr(self, name)
            if name == "figures":
                value = [[getattr(f, n) for n in FigureRow.__slots__] for f in value]
            out[name] = value
        return out


def from_json(data: Mapping[str, Any]) -> Record | None:
    """A record read back from the cache; None when it is of another format or damaged
    (the report is then built again)."""
    if not isinstance(data, Mapping) or data.get("format") != FORMAT:
        return None
    try:
        values = {name: data[name] for name in Record.__slots__}
        values["figures"] = tuple(
            FigureRow(**dict(zip(FigureRow.__slots__, _tuples(row), strict=True)))
            for row in values["figures"]
        )
        for name in ("title", "short_title", "issuer"):
            values[name] = tuple(values[name])
        return Record(**values)
    except (KeyError, TypeError, ValueError):
        return None


def _tuples(row: Sequence[Any]) -> list[Any]:
    return [tuple(v) if isinstance(v, list) else v for v in row]


def report_year(doc: Document, given: int | None) -> int | None:
    """The year a report is of: its config's ``year``, else the first year its title names,
    else the one its text gives (``text.filename.report_year``: the byline's date, the year of
    its plan)."""
    if given is not None:
        return given
    for title in (doc.meta_hans.short_title, doc.meta_hans.title):
        m = _TITLE_YEAR.search(title)
        if m:
            return int(m.group(1))
    year, _where = text_year(doc.hans)
    return int(year) if year else None


def both(doc: Document, name: str) -> Both:
    hans, hant = (getattr(doc.meta(s), name) for s in SCRIPTS)
    return str(hans), str(hant)


def figure_rows(views: Mapping[Script, Figures], anchor_of: Mapping[Passage, str]) -> tuple[FigureRow, ...]:
    """Both scripts' figures, row by row (the scripts give the same figures in the same order).
    ``anchor_of``: each passage's paragraph anchor (its section's where it has none)."""
    hans, hant = views["zh-Hans"].figures, views["zh-Hant"].figures
    return tuple(
        FigureRow(
            category=a.category,
            value=a.value,
            unit=a.unit,
            qualifier=a.qualifier,
            label=(a.label, b.label),
            clause=(a.clause, b.clause),
            page=a.passage.page,
            anchor=anchor_of.get(a.passage, a.passage.anchor),
            line=a.passage.line,
        )
        for a, b in zip(hans, hant, strict=True)
        if a.category != "date"
    )

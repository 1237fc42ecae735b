"""A report's figures file (``figures.yml``, named by its config): labels for key figures the
rules label badly, and the charts to draw. It never gives a value: numbers come from the
report.

    report: guangzhou-2018-report.raw.txt   # optional: the raw file this file is for
    labels:
      - section: sec-1-2          # the figure's section (sec-N-M, preface, closing-N)
        context: 36项具体任务      # text of that section around the number (Simplified)
        label: 具体任务            # what the figure measures (no digits)
        group: 依法行政工作要点     # a topic several figures share
    charts:
      - title: 政策措施清理结果    # the chart's title (Simplified; converted for Traditional)
        section: sec-2-2
        kind: parts               # bars | change (before → after) | parts (of a whole)
        picks:                    # one figure each: the words right before or after it
          - before: 废止
          - before: 调整
        whole: {after: 件政策措施}  # parts only: the figure the parts add up to
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml

from ..errors import DataError
from .reader import Entry, check_keys, compose, excerpt, parse_entries, plain, read_text, top_keys

Kind = Literal["bars", "change", "parts"]
KINDS: tuple[Kind, ...] = ("bars", "change", "parts")


@dataclass(frozen=True, slots=True)
class Curation:
    """A label and/or group for the figures of ``section`` inside ``context``."""

    section: str
    context: str
    label: str
    group: str
    path: str
    line: int


@dataclass(frozen=True, slots=True)
class Pick:
    """A figure of the chart's section: the one right after ``before`` / right before ``after``
    (words of the Simplified report, next to the number)."""

    before: str = ""
    after: str = ""


@dataclass(frozen=True, slots=True)
class ChartSpec:
    """A chart to draw: a title of ours (Simplified), its section, its figures.

    ``bars``: one bar per figure; ``change``: before and after (the first bar muted);
    ``parts``: ``picks`` are the parts of ``whole`` and must add up to it.
    """

    title: str
    anchor: str
    kind: Kind
    picks: tuple[Pick, ...]
    whole: Pick | None = None
    path: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class Curated:
    """The labels and charts of one report (both empty for a report without the file)."""

    entries: tuple[Curation, ...] = ()
    charts: tuple[ChartSpec, ...] = ()


def _text(e: Entry, key: str) -> str:
    value = e.values.get(key)
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise e.error(
            f"'{key}' must be a non-empty text, got {excerpt(value)}",
            key,
            hint=f"write it as {key}: some words",
        )
    if isinstance(value, str) and re.search(r"\d", value):
        raise e.error(
            f"'{key}' must not contain digits: numbers come from the report",
            key,
            hint="describe what is measured; the table shows the value",
        )
    return (value or "").strip()


def parse_curation(entries: Sequence[Entry]) -> list[Curation]:
    out = []
    for e in entries:
        check_keys(e, ("section", "context", "label", "group"))
        if e.values.get("label") is None and e.values.get("group") is None:
            raise e.error(
                "the entry gives neither 'label' nor 'group'",
                hint="add 'label:' or 'group:', or remove the entry",
            )
        label, group = _text(e, "label"), _text(e, "group")
        out.append(Curation(_required(e, "section"), _required(e, "context"), label, group, e.path, e.line))
    return out


def _required(e: Entry, key: str) -> str:
    value = e.values.get(key)
    if not isinstance(value, str) or not value.strip():
        raise e.error(
            f"'{key}' must be a non-empty text, got {excerpt(value)}", key, hint=f"write it as {key}: …"
        )
    return value.strip()


def _pick(e: Entry, key: str, value: object) -> Pick:
    if (
        not isinstance(value, dict)
        or not value
        or set(value) - {"before", "after"}
        or not all(isinstance(v, str) and v.strip() for v in value.values())
    ):
        raise e.error(
            f"'{key}' must be a mapping like {{before: 废止}} or {{after: 件}}, got {excerpt(value)}", key
        )
    return Pick(str(value.get("before", "")).strip(), str(value.get("after", "")).strip())


def parse_charts(entries: Sequence[Entry]) -> list[ChartSpec]:
    out = []
    for e in entries:
        check_keys(e, ("title", "section", "kind", "picks", "whole"))
        kind = _required(e, "kind")
        if kind not in KINDS:
            raise e.error(f"'kind' must be one of {', '.join(KINDS)}, got {excerpt(kind)}", "kind")
        picks = e.values.get("picks")
        if not isinstance(picks, list) or not picks:
            raise e.error("'picks' must be a list of figures, like [{before: 废止}]", "picks")
        whole = e.values.get("whole")
        if (whole is None) != (kind != "parts"):
            raise e.error("'whole' is given for kind 'parts', and only for it", "kind")
        out.append(
            ChartSpec(
                _required(e, "title"),
                _required(e, "section"),
                kind,
                tuple(_pick(e, "picks", p) for p in picks),
                _pick(e, "whole", whole) if whole is not None else None,
                e.path,
                e.line,
            )
        )
    return out


def parse_curated(text: str, path: str, source: str | Path = "") -> Curated:
    """``report:`` (optional), ``labels:`` and ``charts:``."""
    top_keys(text, path, ("report", "labels", "charts"))
    root = compose(text, path)
    report = (
        next((plain(v) for k, v in root.value if k.value == "report"), None)
        if isinstance(root, yaml.MappingNode)
        else None
    )
    if report is not None and source and report != Path(source).name:
        raise DataError(
            f"this file is for {excerpt(report)}, not {Path(source).name}",
            path=path,
            line=1,
            hint="name the figures file of this report in its config, or fix 'report:'",
        )
    return Curated(
        tuple(parse_curation(parse_entries(text, path, "labels"))),
        tuple(parse_charts(parse_entries(text, path, "charts"))),
    )


def read_curation(path: Path | None, source: str | Path = "") -> Curated:
    """The figures file a config names, or nothing."""
    if path is None:
        return Curated()
    return parse_curated(read_text(path), str(path), source)

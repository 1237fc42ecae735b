"""The curated labels and groups (``labels:`` of a report's figures file, read by
:mod:`build_tools.curated.figures`) matched to the figures they name.

An entry names a section anchor and a context (text of that section around the number, as in
the Simplified report), never a value; an entry that matches nothing is an error that names
its ``file:line``.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...curated.figures import Curation
from ...curated.reader import excerpt
from ...errors import DataError
from .model import Figure


def curate(figures: Sequence[Figure], curation: Sequence[Curation]) -> dict[int, tuple[str, str]]:
    """Which figures (by index) an entry labels or groups: ``{index: (label, group)}``.

    An entry matches the figures of its section whose statement starts inside an occurrence
    of its context and whose number ends inside it. Every entry must match; an entry with a
    label must match exactly one figure; two entries must not label the same figure.
    """
    anchors = {f.passage.anchor for f in figures}
    out: dict[int, tuple[str, str]] = {}
    labelled_by: dict[int, Curation] = {}
    for c in curation:
        matched = [
            i
            for i, f in enumerate(figures)
            if f.passage.anchor == c.section and _inside(f.passage.text, c.context, f)
        ]
        if not matched:
            hint = (
                "check the context against the report text (Simplified, as printed)"
                if c.section in anchors
                else "no figure is in this section (use sec-N-M)"
            )
            raise DataError(
                f"{excerpt(c.context)} in {excerpt(c.section)} matches no figure",
                path=c.path,
                line=c.line,
                hint=hint,
            )
        if c.label and len(matched) > 1:
            raise DataError(
                f"{excerpt(c.context)} in {c.section} matches {len(matched)} figures, but a label names one",
                path=c.path,
                line=c.line,
                hint="make the context longer, or give only 'group'",
            )
        for i in matched:
            if c.label and i in labelled_by:
                first = labelled_by[i]
                raise DataError(
                    f"figure {figures[i].id} is labelled twice (first at line {first.line})",
                    path=c.path,
                    line=c.line,
                    hint="keep one label per figure",
                )
            if c.label:
                labelled_by[i] = c
            label, group = out.get(i, ("", ""))
            out[i] = (c.label or label, c.group or group)
    return out


def _inside(text: str, context: str, f: Figure) -> bool:
    start = 0
    while (k := text.find(context, start)) >= 0:
        if k <= f.span[0] < k + len(context) and f.number[1] <= k + len(context):
            return True
        start = k + 1
    return False

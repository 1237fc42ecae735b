"""Extraction: every passage of the report scanned once (Simplified), each hit labelled, and
the same spans sliced out of both scripts' texts, with the curated labels on top."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from ...curated.figures import Curation
from ...errors import FidelityError
from ...text.model import SCRIPTS, Document, Script
from ..walk import Passage, Translate, passages
from .curation import curate
from .labels import Label, clause_around, label_of
from .model import Category, Excluded, Figure, Figures, Hit, Reason, Span
from .rules import digit_runs, scan


def _runs_in(text: str, span: Span) -> tuple[Span, ...]:
    return tuple((span[0] + a, span[0] + b) for a, b in digit_runs(text[span[0] : span[1]]))


def _joined(text: str, spans: Sequence[Span]) -> str:
    """Slices of ``text``; … between two that are not adjacent (自…起)."""
    out = ""
    for i, (a, b) in enumerate(spans):
        if i and spans[i - 1][1] != a:
            out += "…"
        out += text[a:b]
    return out


@dataclass(frozen=True, slots=True)
class _Found:
    hit: Hit
    passage: int
    label: Label | None
    clause: Span


def _find(hans: Sequence[Passage]) -> list[_Found]:
    """Scan every passage; a digit run no rule accounts for is left out as "unclassified"."""
    found: list[_Found] = []
    for i, p in enumerate(hans):
        hits = scan(p.text)
        for h in hits:
            # Numbers left out (a hotline's name, a year) are words of a label, not its bounds.
            others = [o for o in hits if o is not h and not o.excluded]
            label = None if h.excluded else label_of(p.text, h, others)
            found.append(_Found(h, i, label, clause_around(p.text, h.span)))
    return found


def _view(script: Script, found: Sequence[_Found], texts: Sequence[Passage]) -> Figures:
    """The figures and exclusions of one script: the same spans of that script's text."""
    figures: list[Figure] = []
    excluded: list[Excluded] = []
    per_anchor: dict[str, int] = {}
    for f in found:
        p, h = texts[f.passage], f.hit
        clause = p.text[f.clause[0] : f.clause[1]]
        runs = _runs_in(p.text, h.span)
        if f.label is None:
            reason: Reason = h.kind  # type: ignore[assignment]
            excluded.append(
                Excluded(reason, p.text[h.span[0] : h.span[1]], clause, f.clause, p, h.span, runs)
            )
            continue
        per_anchor[p.anchor] = per_anchor.get(p.anchor, 0) + 1
        category: Category = h.kind  # type: ignore[assignment]
        figures.append(
            Figure(
                id=f"{p.anchor}.{per_anchor[p.anchor]}",
                category=category,
                value=h.value,
                unit=p.text[h.unit[0] : h.unit[1]] if h.unit else h.implied[0],
                qualifier=_joined(p.text, h.qualifiers) or h.implied[1],
                label=f.label.text(p.text),
                group="",
                clause=clause,
                clause_span=f.clause,
                passage=p,
                span=h.span,
                number=h.number,
                runs=runs,
            )
        )
    return Figures(script, tuple(figures), tuple(excluded), tuple(texts))


def extract(
    doc: Document, curation: Sequence[Curation] = (), tr: dict[Script, Translate] | None = None
) -> dict[Script, Figures]:
    """The figures of both scripts: the same figures, in the same order, in each.

    Curated labels and groups are Simplified; ``tr`` converts them for the Traditional view.
    """
    hant_tr = (tr or {}).get("zh-Hant", _same)
    hans, hant = passages(doc.hans), passages(doc.hant, hant_tr("引言"), hant_tr("结语"))
    if [(p.line, len(p.text)) for p in hans] != [(p.line, len(p.text)) for p in hant]:
        raise FidelityError(
            "the two scripts' paragraphs are not character-aligned",
            path=doc.path,
            hint="a bug in the script or parse stage",
        )
    found = _find(hans)
    views: dict[Script, Figures] = {
        "zh-Hans": _view("zh-Hans", found, hans),
        "zh-Hant": _view("zh-Hant", found, hant),
    }
    for a, b in zip(views["zh-Hans"].figures, views["zh-Hant"].figures, strict=False):
        if [a.passage.text[x:y] for x, y in a.runs] != [b.passage.text[x:y] for x, y in b.runs]:
            raise FidelityError(
                f"figure {a.id} reads differently in the two scripts", path=doc.path, line=a.passage.line
            )
    curated = curate(views["zh-Hans"].figures, curation)
    for script in SCRIPTS:
        convert = (tr or {}).get(script, _same)
        own = views[script]
        views[script] = replace(
            own,
            figures=tuple(
                replace(
                    f,
                    label=convert(curated[i][0]) if curated.get(i, ("", ""))[0] else f.label,
                    group=convert(curated[i][1]) if curated.get(i, ("", ""))[1] else "",
                )
                for i, f in enumerate(own.figures)
            ),
        )
    return views


def _same(text: str) -> str:
    return text


def iter_accounting(figs: Figures) -> Iterator[tuple[Passage, Span, Figure | Excluded]]:
    """Every digit run that a figure or an exclusion accounts for, with what accounts for it."""
    for f in figs.figures:
        for run in f.runs:
            yield f.passage, run, f
    for e in figs.excluded:
        for run in e.runs:
            yield e.passage, run, e

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
from .model import Excluded, Figure, Figures, Hit, Skip, Span
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
    """What the rules found in passage number ``passage``: a figure with its label, or a
    number left out; and the clause that states it."""

    passage: int
    clause: Span
    item: tuple[Hit, Label] | Skip


def _find(hans: Sequence[Passage]) -> list[_Found]:
    """Scan every passage; a digit run no rule accounts for is left out as "unclassified"."""
    found: list[_Found] = []
    for i, p in enumerate(hans):
        hits = scan(p.text)
        figures = [h for h in hits if isinstance(h, Hit)]
        k = 0  # the index of the next figure in ``figures``
        for h in hits:
            item: tuple[Hit, Label] | Skip
            if isinstance(h, Skip):
                item = h
            else:
                around = figures[k - 1] if k else None, figures[k + 1] if k + 1 < len(figures) else None
                item, k = (h, label_of(p.text, h, *around)), k + 1
            found.append(_Found(i, clause_around(p.text, h.span), item))
    return found


def _view(script: Script, found: Sequence[_Found], texts: Sequence[Passage]) -> Figures:
    """The figures and exclusions of one script: the same spans of that script's text."""
    figures: list[Figure] = []
    excluded: list[Excluded] = []
    per_anchor: dict[str, int] = {}
    for f in found:
        p = texts[f.passage]
        clause = p.text[f.clause[0] : f.clause[1]]
        if isinstance(f.item, Skip):
            span = f.item.span
            runs = _runs_in(p.text, span)
            excluded.append(
                Excluded(f.item.reason, p.text[span[0] : span[1]], clause, f.clause, p, span, runs)
            )
            continue
        h, label = f.item
        per_anchor[p.anchor] = per_anchor.get(p.anchor, 0) + 1
        figures.append(
            Figure(
                id=f"{p.anchor}.{per_anchor[p.anchor]}",
                category=h.category,
                value=h.value,
                unit=p.text[h.unit[0] : h.unit[1]] if h.unit else h.implied[0],
                qualifier=_joined(p.text, h.qualifiers) or h.implied[1],
                label=label.text(p.text),
                group="",
                clause=clause,
                clause_span=f.clause,
                passage=p,
                span=h.span,
                number=h.number,
                runs=_runs_in(p.text, h.span),
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
    hans, hant = passages(doc.hans), passages(doc.hant, hant_tr)
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

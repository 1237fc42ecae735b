"""Stage ``verify``: the fidelity check that fails the build on any loss of report text.

(a) Undoing the recorded repairs on the repaired body gives back the cleaned raw body exactly.
(b) Every line has as many Han characters in the raw body, in Simplified and in Traditional,
    as the recorded changes explain.
(c) The parsed model holds every character of every body line (nothing dropped by parsing).
The check on generated pages (their text contains every paragraph in order) is in ``render``.
"""

from __future__ import annotations

import re
from collections import defaultdict

from ..errors import FidelityError
from .model import Document, Line, Report
from .repair import HAN, undo

_HAN = re.compile(f"[{HAN}]")


def han_count(text: str) -> int:
    return len(_HAN.findall(text))


def check_undo(doc: Document) -> None:
    repairs = [c for c in doc.changes if c.kind in ("repair", "punctuation")]
    try:
        restored = undo(doc.body, repairs)
    except ValueError as err:
        raise FidelityError(
            f"a recorded repair does not match the text: {err}",
            path=doc.path,
            hint="this is a bug in build_tools/text/repair.py",
        ) from None
    for before, after in zip(doc.cleaned, restored, strict=False):
        if before != after:
            raise FidelityError(
                "undoing the recorded repairs does not give back the raw line",
                path=doc.path,
                line=before.no,
                hint="a repair changed the text without recording it: a bug in repair.py",
            )


def check_han(doc: Document) -> None:
    added: dict[int, int] = defaultdict(int)
    for c in doc.changes:
        if c.kind in ("repair", "punctuation"):
            added[c.line] += han_count(c.after) - han_count(c.before)
    for raw, hans, hant in zip(doc.cleaned, doc.hans_lines, doc.hant_lines, strict=True):
        want = han_count(raw.text) + added[raw.no]
        for script, line in (("Simplified", hans), ("Traditional", hant)):
            if han_count(line.text) != want:
                raise FidelityError(
                    f"the {script} text of this line has {han_count(line.text)} Chinese characters "
                    f"where the raw line and its recorded repairs give {want}",
                    path=doc.path,
                    line=raw.no,
                    hint=(
                        "a conversion or override lost or added characters; check the conversion "
                        "overrides (the config's overrides:, else curated/defaults/overrides.yml)"
                    ),
                )


def _lines(report: Report) -> list[Line]:
    """Rebuild each source line's text from the parsed model."""
    parts: dict[int, list[str]] = defaultdict(list)
    for item in report.walk():
        parts[item.line].append(item.text + item.end)
    return [Line(no, "".join(texts)) for no, texts in sorted(parts.items())]


# What to report when the model lost or changed a line: the parse stage's modules.
_PARSE_BUG = "this is a bug in the parse stage (build_tools/text/parse.py, outline.py, ending.py)"


def check_parse(doc: Document) -> None:
    """Parsing dropped nothing: the model's text of every line is the line (less edge spaces)."""
    for report in (doc.hans, doc.hant):
        model = {line.no: line.text for line in _lines(report)}
        body = {line.no for line in doc.body if line.text.strip()}
        if set(model) != body:
            missing = sorted(body - set(model))
            raise FidelityError(
                f"the {report.script} model lost whole lines",
                path=doc.path,
                line=missing[0] if missing else None,
                hint=_PARSE_BUG,
            )
        for line in doc.script_lines(report.script):
            if line.text.strip() and re.sub(r"[\s\u3000]", "", model[line.no]) != re.sub(
                r"[\s\u3000]", "", line.text
            ):
                raise FidelityError(
                    f"the {report.script} model of this line differs from its text",
                    path=doc.path,
                    line=line.no,
                    hint=_PARSE_BUG,
                )


def verify(doc: Document) -> Document:
    check_undo(doc)
    check_han(doc)
    check_parse(doc)
    return doc

"""Typst source from text: the one place where text from a page enters the PDF's Typst.

Report text can hold anything Typst reads as markup (``# $ * _ @ < > [ ] \\ ` ~ /``, ``//``
opening a comment, ``=`` or ``-`` opening a heading or a list, ``http://`` becoming a link,
``"`` becoming a curly quote). None of it is ever written into markup: every run of text
becomes a Typst *string* (:func:`text`: ``#"…";``), which Typst shows as it is, character for
character, and every value handed to a template function is a string literal
(:func:`string`). A string literal has two characters of its own, ``\\`` and ``"``, escaped
here; control and other invisible characters are written as ``\\u{…}`` escapes, which stand
for the same character.

Line breaking (Chinese typesetting, as an editor expects): no line starts with
—）」』》〕、，。；：！？ and none ends with （「『《〔. Typst's line breaker (the Unicode line
breaking algorithm, with CJK rules) keeps all of them but the dash: UAX #14 lets a line start
at an em dash (class B2). So a run of dashes is set in one box with the character before it
(``2015—``): a box never breaks inside, and the copied text is unchanged (no joiner
character is inserted; ``U+2060 WORD JOINER`` would be copied out with the text and break a
reader's search). :func:`text` also keeps given spans whole (a table's words, code).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

#: characters that must not start a line, and that must not end one (checked in readback)
NO_LINE_START = "—）」』》〕、，。；：！？"
NO_LINE_END = "（「『《〔"

# A run of em dashes and the character before it: Typst would break between them.
_DASH = re.compile(r".—+", re.DOTALL)
# Characters a string literal cannot hold as they are: its own two, and whatever does not
# show (controls, format characters, line and paragraph separators, unassigned).
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _literal_char(c: str) -> str:
    if c in _ESCAPES:
        return _ESCAPES[c]
    if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
        return f"\\u{{{ord(c):x}}}"
    return c


def string(value: str) -> str:
    """A Typst string literal holding exactly ``value``."""
    if value.isprintable() and '"' not in value and "\\" not in value:
        return f'"{value}"'  # a printable string has none of the categories escaped above
    return '"' + "".join(_literal_char(c) for c in value) + '"'


def _runs(value: str, keep: Iterable[tuple[int, int]]) -> list[tuple[str, bool]]:
    """``value`` cut into (text, whole) runs: ``whole`` runs are set in a box."""
    spans = sorted([(m.start(), m.end()) for m in _DASH.finditer(value)] + list(keep))
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if end - start < 2:
            continue  # a single character never breaks inside anyway
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    runs: list[tuple[str, bool]] = []
    pos = 0
    for start, end in merged:
        if start > pos:
            runs.append((value[pos:start], False))
        runs.append((value[start:end], True))
        pos = end
    if pos < len(value):
        runs.append((value[pos:], False))
    return runs


def text(value: str, keep: Iterable[tuple[int, int]] = ()) -> str:
    """Markup that shows ``value`` literally, wherever it stands in markup. ``keep``: spans
    (start, end) of ``value`` that must not break across lines (words of a table cell)."""
    out = []
    for run, whole in _runs(value, keep):
        out.append(f"#box({string(run)});" if whole else f"#{string(run)};")
    return "".join(out)


def unbroken(value: str) -> str:
    """Markup for ``value`` on one line (a header cell, a code span in a table)."""
    return f"#box({string(value)});" if value else ""


def label(name: str) -> str:
    """A label (``#label("sec-3-4")``) to attach after an element, or to link to."""
    return f"#label({string(name)})"


def dimension(value: float, unit: str = "pt") -> str:
    """A length for Typst: ``12.5pt`` (no exponent, no ``-0``)."""
    text_value = f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{'0' if text_value in ('', '-0') else text_value}{unit}"

"""A Markdown table as a Typst table: a header row that repeats on every page the table runs
over, and column widths that never split a word.

Typst's automatic column widths know nothing of words, so a narrow column would break
``陽光複議`` after any character. Here each column gets a width between its narrowest
(its widest unbreakable piece: a word of a cell, a code span, a header) and its widest
content, as the CSS automatic table layout shares them out; cells then keep their words whole
(``render`` sets each word in a box). Tables of a page with the same header row share their
widths, so the columns of the key figures' per-chapter tables line up.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import markup
from .words import width

#: the table text's size in points, and the measure in em of that size (40em of 11pt text)
TABLE_PT = 8.5
MEASURE_EM = 40 * 11 / TABLE_PT
# A cell's padding (2 × 4pt at 8.5pt) in em, and a little more: widths here are estimates.
CELL_EM = 8 / TABLE_PT + 0.4


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell: header or not, its text (for widths), the pieces it must not break, its
    alignment (``left``, ``right``, ``center``) and its Typst markup."""

    header: bool
    text: str
    pieces: tuple[str, ...]
    align: str
    markup: str


def column_widths(rows: list[list[Cell]], measure: float = MEASURE_EM) -> list[float]:
    """Column widths (em) for ``rows``: at their widest content when that fits the measure,
    else from their narrowest towards their widest in proportion."""
    count = max(len(row) for row in rows)
    widest = [CELL_EM] * count
    narrowest = [CELL_EM] * count
    for row in rows:
        for i, cell in enumerate(row):
            full = width(cell.text) + CELL_EM
            piece = max((width(p) for p in cell.pieces), default=0.0) + CELL_EM
            widest[i] = max(widest[i], full)
            narrowest[i] = max(narrowest[i], full if cell.header else piece)
    if sum(widest) <= measure:
        return [w * measure / sum(widest) for w in widest]
    if sum(narrowest) >= measure:
        return [w * measure / sum(narrowest) for w in narrowest]
    spare = (measure - sum(narrowest)) / (sum(widest) - sum(narrowest))
    return [n + (w - n) * spare for n, w in zip(narrowest, widest, strict=True)]


def typst(header: list[Cell], body: list[list[Cell]], widths: list[float]) -> str:
    """The table as a call of Typst's ``table``."""
    columns = ", ".join(f"{w:.3f}fr" for w in widths)
    aligns = [cell.align for cell in header] + ["left"] * (len(widths) - len(header))
    rows = [f"  table.header({', '.join(f'[{c.markup}]' for c in header)}),\n"]
    for row in body:
        cells = [f"[{c.markup}]" for c in row] + ["[]"] * (len(widths) - len(row))
        rows.append(f"  {', '.join(cells)},\n")
    return f"#table(\n  columns: ({columns},),\n  align: ({', '.join(aligns)},),\n" + "".join(rows) + ")\n"


def header_markup(value: str) -> str:
    """A header cell's text on one line (headers do not wrap)."""
    return markup.unbroken(value)

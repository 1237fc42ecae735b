"""Read a finished PDF back (pdfminer.six) and check it is the report.

``read`` returns what a reader of the file gets: the text of every page (the body apart from
the running header and footer), the outline, the fonts and whether they are embedded, the
links and the document information. ``check`` fails the build when the fonts are missing or
not embedded, or when a paragraph or heading of the report is not in the text in order
(which is what a PDF drawn with empty boxes, or one that lost a page, looks like).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTComponent, LTTextLine
from pdfminer.pdfdocument import PDFDocument, PDFNoOutlines
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1
from pdfminer.psparser import PSLiteral
from pdfminer.utils import decode_text

from ...errors import BuildError
from ...text.model import Report
from .fonts import INSTALL_HINT, Families

MM = 72 / 25.4
# A subset font's name starts with six capitals and a plus: ``LWGGBP+Noto-Serif-CJK-SC``.
_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")
# What the comparison ignores: white space (justification, line ends) and list bullets.
_IGNORED = re.compile(r"[\s\u3000•]")


@dataclass(frozen=True, slots=True)
class Font:
    name: str
    embedded: bool


@dataclass(frozen=True, slots=True)
class Link:
    page: int
    #: ``GoTo`` / ``Dest`` (inside the document) or ``URI``
    kind: str
    uri: str = ""


@dataclass(slots=True)
class PdfContents:
    """What the PDF holds, as a reader's tools see it."""

    #: body text of every page, in reading order (lines top to bottom)
    pages: list[str] = field(default_factory=list)
    #: running header and footer of every page
    furniture: list[str] = field(default_factory=list)
    #: (level, title) of every outline entry, in order
    outline: list[tuple[int, str]] = field(default_factory=list)
    fonts: list[Font] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    info: dict[str, str] = field(default_factory=dict)
    lang: str = ""

    def text(self) -> str:
        return "\n".join(self.pages)


def _str(value: Any) -> str:
    value = resolve1(value)
    if isinstance(value, bytes):
        return decode_text(value)
    if isinstance(value, PSLiteral):
        return str(value.name)
    return str(value)


def _lines(item: LTComponent) -> Iterator[LTTextLine]:
    if isinstance(item, LTTextLine):
        yield item
    elif hasattr(item, "__iter__"):
        for child in item:
            yield from _lines(child)


def _fonts(resources: Any) -> Iterator[Font]:
    fonts = resolve1((resolve1(resources) or {}).get("Font")) or {}
    for ref in fonts.values():
        font = resolve1(ref)
        name = _SUBSET_TAG.sub("", _str(font.get("BaseFont", "")))
        described = font
        if _str(font.get("Subtype")) == "Type0":
            described = resolve1(resolve1(font["DescendantFonts"])[0])
        descriptor = resolve1(described.get("FontDescriptor")) or {}
        embedded = any(k in descriptor for k in ("FontFile", "FontFile2", "FontFile3"))
        yield Font(name, embedded)


def read(pdf: bytes, *, top_margin_mm: float, bottom_margin_mm: float) -> PdfContents:
    """Everything :func:`check` and the tests look at. Text in the top and bottom margins
    is the running header and footer; the rest is the body."""
    out = PdfContents()
    document = PDFDocument(PDFParser(io.BytesIO(pdf)))
    for info in document.info:
        out.info.update({k: _str(v) for k, v in info.items()})
    out.lang = _str(document.catalog.get("Lang", ""))
    try:
        out.outline = [(level, _str(title)) for level, title, *_ in document.get_outlines()]
    except PDFNoOutlines:
        out.outline = []
    seen: set[Font] = set()
    for number, page in enumerate(PDFPage.create_pages(document), start=1):
        for font in _fonts(page.resources):
            if font not in seen:
                seen.add(font)
                out.fonts.append(font)
        for ref in resolve1(page.annots) or []:
            annot = resolve1(ref)
            if _str(annot.get("Subtype")) != "Link":
                continue
            action = resolve1(annot.get("A")) or {}
            if "Dest" in annot:
                out.links.append(Link(number, "Dest"))
            elif _str(action.get("S")) == "URI":
                out.links.append(Link(number, "URI", _str(action.get("URI"))))
            else:
                out.links.append(Link(number, _str(action.get("S"))))
    for layout in extract_pages(io.BytesIO(pdf), laparams=LAParams()):
        top = layout.y1 - top_margin_mm * MM
        bottom = layout.y0 + bottom_margin_mm * MM
        body: list[str] = []
        furniture: list[str] = []
        # One column of text: lines top to bottom, then left to right, are the reading order.
        for line in sorted(_lines(layout), key=lambda ln: (-round(ln.y1), ln.x0)):
            middle = (line.y0 + line.y1) / 2
            (body if bottom < middle < top else furniture).append(line.get_text().strip())
        out.pages.append("\n".join(body))
        out.furniture.append("\n".join(furniture))
    return out


def squash(text: str) -> str:
    return _IGNORED.sub("", text)


def font_key(name: str) -> str:
    """``Noto-Serif-CJK-SC-Bold`` / ``NotoSerifCJKsc-Bold`` → ``notoserifcjkscbold``."""
    return re.sub(r"[\s_-]", "", name).lower()


def check(contents: PdfContents, report: Report, families: Families, label: str, *,
          source: str) -> None:
    """The PDF has the script's fonts, all embedded, and every paragraph of the report."""
    not_embedded = sorted({f.name for f in contents.fonts if not f.embedded})
    if not_embedded:
        raise BuildError(f"{label}: fonts not embedded: {', '.join(not_embedded)}",
                         hint=INSTALL_HINT)
    names = {font_key(f.name) for f in contents.fonts}
    for family in (families.serif, families.sans):
        if not any(font_key(family) in n for n in names):
            raise BuildError(
                f"{label}: the text is not set in {family} "
                f"(fonts in the PDF: {', '.join(sorted(f.name for f in contents.fonts))})",
                hint=INSTALL_HINT,
            )
    text = squash(contents.text())
    pos = 0
    for paragraph, line in report.paragraphs():
        found = text.find(squash(paragraph), pos)
        if found < 0:
            missing = "missing" if squash(paragraph) not in text else "out of order"
            raise BuildError(
                f"{label}: a paragraph of the report is {missing} in the PDF's text: "
                f"{paragraph[:40]}…",
                line=line,
                path=source,
                hint="if the text shows as empty boxes, " + INSTALL_HINT
                + "; otherwise the PDF lost text: a bug in build_tools/pdf",
            )
        pos = found + len(squash(paragraph))

"""What the PDF holds, read back from its bytes, and the check that it is the report.

The reader is PDFium (pypdfium2: Chrome's PDF engine as a wheel, no system library): the text
of a page is what a reader selects and copies out of it in a browser, each glyph mapped back
through its font's ToUnicode map, in the PDF's reading order, with PDFium's line breaks. The
body of a page is the text inside its margins; the running header and the page number in the
top and bottom margins are its furniture. Also read: the outline, the fonts (embedded? Type
3?), the document information, its language and whether it is tagged. About 0.1 s a script.

``check`` fails the build when the fonts are missing, not embedded or Type 3 (glyphs drawn as
pictures), when a paragraph or heading of the report is not in the text in order (which is
what a PDF drawn with empty boxes, or one that lost a page, looks like), or when a line of
the body starts with a character Chinese typesetting keeps off a line's start
(—）」』》〕、，。；：！？) or ends with one it keeps off a line's end (（「『《〔).
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ...errors import BuildError
from ...text.model import Report
from .fonts import INSTALL_HINT, Families
from .markup import NO_LINE_END, NO_LINE_START

MM = 72 / 25.4
# A subset font's name starts with six capitals and a plus: ``LWGGBP+NotoSerifCJKsc-Bold``.
_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")
# What the comparison ignores: white space (justification, line ends) and list bullets.
_IGNORED = re.compile(r"[\s\u3000•]")


@dataclass(frozen=True, slots=True)
class Font:
    name: str
    embedded: bool
    #: Type 3: the glyphs are PDF drawings (no font program): not text a reader can copy
    type3: bool = False


@dataclass(slots=True)
class PdfContents:
    """What the PDF holds, as a reader's tools see it."""

    #: body text of every page, a line of the page a line of the text
    pages: list[str] = field(default_factory=list)
    #: running header and footer of every page
    furniture: list[str] = field(default_factory=list)
    #: (level, title) of every outline entry, in order (level 1 at the top)
    outline: list[tuple[int, str]] = field(default_factory=list)
    fonts: list[Font] = field(default_factory=list)
    info: dict[str, str] = field(default_factory=dict)
    lang: str = ""
    tagged: bool = False

    def text(self) -> str:
        return "\n".join(self.pages)


def _utf16(buffer: Any, length: int) -> str:
    return bytes(buffer)[: max(0, length - 2)].decode("utf-16-le", "replace")


def _lang(document: Any) -> str:
    import pypdfium2.raw as pdfium_c

    size = pdfium_c.FPDFCatalog_GetLanguage(document.raw, None, 0)
    if size <= 2:
        return ""
    buffer = (ctypes.c_ushort * (size // 2))()
    pdfium_c.FPDFCatalog_GetLanguage(document.raw, buffer, size)
    return _utf16(buffer, size)


def _font(handle: Any) -> Font:
    import pypdfium2.raw as pdfium_c

    size = pdfium_c.FPDFFont_GetBaseFontName(handle, None, 0)
    buffer = ctypes.create_string_buffer(size)
    pdfium_c.FPDFFont_GetBaseFontName(handle, buffer, size)
    name = _SUBSET_TAG.sub("", buffer.value.decode("utf-8", "replace"))
    embedded = bool(pdfium_c.FPDFFont_GetIsEmbedded(handle))
    program = ctypes.c_size_t(0)
    pdfium_c.FPDFFont_GetFontData(handle, None, 0, ctypes.byref(program))
    # PDFium counts a Type 3 font as embedded; it is the one that has no font program.
    return Font(name, embedded, embedded and program.value == 0)


def _fonts_of(objects: Iterator[Any], seen: dict[int, Font]) -> None:
    """Each font of the text objects among ``objects`` (page objects, forms followed) into
    ``seen``, by its handle: thousands of text objects, a handful of fonts."""
    import pypdfium2.raw as pdfium_c

    # Bound once: some 9,000 text objects a PDF, three calls into PDFium each.
    kind_of, font_of, text = (
        pdfium_c.FPDFPageObj_GetType,
        pdfium_c.FPDFTextObj_GetFont,
        pdfium_c.FPDF_PAGEOBJ_TEXT,
    )
    address = ctypes.c_void_p.from_buffer  # the font's handle as a number, without a copy
    for obj in objects:
        kind = kind_of(obj)
        if kind == text:
            handle = font_of(obj)
            key = address(handle).value or 0
            if key not in seen:
                seen[key] = _font(handle)
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            count = pdfium_c.FPDFFormObj_CountObjects(obj)
            _fonts_of((pdfium_c.FPDFFormObj_GetObject(obj, i) for i in range(count)), seen)


def _page_fonts(page: Any, seen: dict[int, Font]) -> None:
    import pypdfium2.raw as pdfium_c

    count = pdfium_c.FPDFPage_CountObjects(page.raw)
    _fonts_of((pdfium_c.FPDFPage_GetObject(page.raw, i) for i in range(count)), seen)


def load() -> None:
    """Start PDFium (0.04 s of CPU: its bindings and the library's start-up), once for both
    scripts: called before their child processes are forked, which inherit it."""
    import pypdfium2  # noqa: F401


def read(pdf: bytes, *, top_margin_mm: float, bottom_margin_mm: float) -> PdfContents:
    """Everything :func:`check` and the tests look at. Text in the top and bottom margins is
    the running header and footer; the rest is the body."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    out = PdfContents()
    document = pdfium.PdfDocument(pdf)
    fonts: dict[int, Font] = {}
    try:
        out.info = {k: v for k, v in document.get_metadata_dict().items() if v}
        out.lang = _lang(document)
        out.tagged = bool(pdfium_c.FPDFCatalog_IsTagged(document.raw))
        out.outline = [(item.level + 1, item.get_title()) for item in document.get_toc()]
        for page in document:
            width, height = page.get_size()
            top, bottom = height - top_margin_mm * MM, bottom_margin_mm * MM
            text = page.get_textpage()
            out.pages.append(_lines(text.get_text_bounded(0, bottom, width, top)))
            header = _lines(text.get_text_bounded(0, top, width, height))
            footer = _lines(text.get_text_bounded(0, 0, width, bottom))
            out.furniture.append("\n".join(part for part in (header, footer) if part))
            _page_fonts(page, fonts)
    finally:
        document.close()
    out.fonts = list(dict.fromkeys(fonts.values()))
    return out


def _lines(text: str) -> str:
    return "\n".join(line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip())


def squash(text: str) -> str:
    return _IGNORED.sub("", text)


def font_key(name: str) -> str:
    """``Noto Serif CJK SC`` / ``NotoSerifCJKsc-Bold`` → ``notoserifcjkscbold``."""
    return re.sub(r"[\s_-]", "", name).lower()


def bad_line_breaks(contents: PdfContents) -> list[str]:
    """Lines of the body that start with a character that must not start a line, or end with
    one that must not end a line: ``page 12: "—2020年）》…"``."""
    found = []
    for number, page in enumerate(contents.pages, start=1):
        for line in page.split("\n"):
            if line[:1] in NO_LINE_START or line[-1:] in NO_LINE_END:
                found.append(f'page {number}: "{line[:20]}…"')
    return found


def _check_fonts(contents: PdfContents, families: Families, label: str) -> None:
    not_embedded = sorted({f.name for f in contents.fonts if not f.embedded})
    if not_embedded:
        raise BuildError(f"{label}: fonts not embedded: {', '.join(not_embedded)}", hint=INSTALL_HINT)
    bitmaps = sorted({f.name for f in contents.fonts if f.type3})
    if bitmaps:
        raise BuildError(
            f"{label}: Type 3 fonts (glyphs drawn as pictures): {', '.join(bitmaps)}; their text "
            "cannot be searched or copied reliably",
            hint=INSTALL_HINT,
        )
    names = {font_key(f.name) for f in contents.fonts}
    for family in (families.serif, families.sans):
        if not any(font_key(family) in n for n in names):
            raise BuildError(
                f"{label}: the text is not set in {family} "
                f"(fonts in the PDF: {', '.join(sorted(f.name for f in contents.fonts))})",
                hint=INSTALL_HINT,
            )


def check(contents: PdfContents, report: Report, families: Families, label: str, *, source: str) -> None:
    """The PDF has the script's fonts, all embedded, every paragraph of the report in order,
    and no line that Chinese typesetting forbids."""
    _check_fonts(contents, families, label)
    text = squash(contents.text())
    pos = 0
    for paragraph, line in report.paragraphs():
        found = text.find(squash(paragraph), pos)
        if found < 0:
            missing = "missing" if squash(paragraph) not in text else "out of order"
            raise BuildError(
                f"{label}: a paragraph of the report is {missing} in the PDF's text: {paragraph[:40]}…",
                line=line,
                path=source,
                hint="if the text shows as empty boxes, "
                + INSTALL_HINT
                + "; otherwise the PDF lost text: a bug in build_tools/publish/pdf",
            )
        pos = found + len(squash(paragraph))
    bad = bad_line_breaks(contents)
    if bad:
        raise BuildError(
            f"{label}: {len(bad)} line(s) start or end with a mark that Chinese typesetting keeps "
            f"off there: {'; '.join(bad[:5])}",
            hint="a bug in build_tools/publish/pdf (markup.py keeps such marks on their line)",
        )

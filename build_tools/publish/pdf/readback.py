"""What the PDF holds, and the check that it is the report.

Two readers give the same fields (:class:`PdfContents`): the text of every page (the body
apart from the running header and footer), the outline, the fonts (embedded? Type 3?), the
links, the document information and language.

* ``collect`` is the build's: a ``write_pdf`` finisher calls it on the PDF objects WeasyPrint
  is about to serialise. The text is what a reader copies out: every glyph the pages' content
  streams draw, in drawing order, mapped back through its font's ToUnicode CMap; the marked
  ``/Artifact`` content (header, page number) is the furniture. About 0.05 s a script.
* ``read`` is an independent reader of the written bytes (pdfminer.six interprets every page
  and sorts the lines top to bottom). It costs as much as laying the PDF out again (1.8 s a
  script), so only the tests use it, with poppler and pikepdf. On this report both give the
  same characters on every page, in the same order outside tables and lists (where pdfminer
  reads across a row and the content stream cell by cell), and the same furniture, outline,
  fonts, links and information.

``check`` fails the build when the fonts are missing, not embedded or Type 3 (bitmaps), when a
character of the report cannot be copied out (no ToUnicode entry maps a glyph to it), or when
a paragraph or heading of the report is not in the text in order (which is what a PDF drawn
with empty boxes, or one that lost a page, looks like)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pdfminer is imported by the functions that read with it (tests only)
    from pdfminer.layout import LTComponent, LTTextLine

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
    #: the font dictionary's /Subtype of the font that draws (Type0's descendant): CIDFontType0
    #: or CIDFontType2 for outlines, Type3 for bitmaps
    subtype: str = ""


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
    #: every character the fonts' ToUnicode maps give back (None: not read)
    copyable: frozenset[str] | None = None

    def text(self) -> str:
        return "\n".join(self.pages)


def _str(value: Any) -> str:
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import PSLiteral
    from pdfminer.utils import decode_text

    value = resolve1(value)
    if isinstance(value, bytes):
        return decode_text(value)
    if isinstance(value, PSLiteral):
        return str(value.name)
    return str(value)


def _lines(item: LTComponent) -> Iterator[LTTextLine]:
    from pdfminer.layout import LTTextLine

    if isinstance(item, LTTextLine):
        yield item
    elif hasattr(item, "__iter__"):
        for child in item:
            yield from _lines(child)


def _fonts(resources: Any) -> Iterator[Font]:
    from pdfminer.pdftypes import resolve1

    fonts = resolve1((resolve1(resources) or {}).get("Font")) or {}
    for ref in fonts.values():
        font = resolve1(ref)
        name = _SUBSET_TAG.sub("", _str(font.get("BaseFont", "")))
        described = font
        if _str(font.get("Subtype")) == "Type0":
            described = resolve1(resolve1(font["DescendantFonts"])[0])
        descriptor = resolve1(described.get("FontDescriptor")) or {}
        embedded = any(k in descriptor for k in ("FontFile", "FontFile2", "FontFile3"))
        yield Font(name, embedded, _str(described.get("Subtype")))


# ToUnicode CMaps as WeasyPrint writes them: ``<0a1b> <4e2d>`` lines in ``beginbfchar`` blocks,
# a glyph to its UTF-16BE text (WeasyPrint 70 writes no ``bfrange``).
_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.DOTALL)
_HEX = re.compile(rb"<([0-9A-Fa-f]*)>")


def _utf16(hex_text: bytes) -> str:
    return bytes.fromhex(hex_text.decode()).decode("utf-16-be", "replace")


def _structure(pdf: bytes, out: PdfContents) -> None:
    """Fill ``out`` from the file's objects (no page content): document information, language,
    outline, fonts and links."""
    from pdfminer.pdfdocument import PDFDocument, PDFNoOutlines
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

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


def read(pdf: bytes, *, top_margin_mm: float, bottom_margin_mm: float) -> PdfContents:
    """Everything :func:`check` and the tests look at. Text in the top and bottom margins
    is the running header and footer; the rest is the body."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams

    out = PdfContents()
    _structure(pdf, out)
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


def _pydyf_text(value: Any) -> str:
    """A pydyf value as text: a String's text, a name without its slash, bytes decoded."""
    if hasattr(value, "string"):
        return str(value.string)
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    return str(value).removeprefix("/")


def _resolver(pdf: Any) -> Callable[[Any], Any]:
    """pydyf's reference (``b"12 0 R"``) → the object it names; anything else as it is."""

    def obj(reference: Any) -> Any:
        if isinstance(reference, (bytes, str)) and str(reference).rstrip("'").endswith(" R"):
            text = reference.decode() if isinstance(reference, bytes) else reference
            return pdf.objects[int(text.split()[0])]
        return reference

    return obj


def collect(pdf: Any) -> PdfContents:
    """What :func:`read` gives, from the pydyf objects that WeasyPrint is about to write (a
    ``write_pdf`` finisher calls this last), and the characters the fonts' ToUnicode maps give
    back (``copyable``). Even the part of pdfminer that reads no page costs 0.7 s a script in a
    tagged PDF (its object streams hold ten thousand structure elements)."""
    obj = _resolver(pdf)
    out = PdfContents()
    out.info = {str(k): _pydyf_text(v) for k, v in pdf.info.items()}
    out.lang = _pydyf_text(pdf.catalog.get("Lang", ""))
    outlines = obj(pdf.catalog.get("Outlines"))

    def walk(item: Any, level: int) -> None:
        while item is not None:
            out.outline.append((level, _pydyf_text(item["Title"])))
            walk(obj(item.get("First")), level + 1)
            item = obj(item.get("Next"))

    if outlines is not None:
        walk(obj(outlines.get("First")), 1)
    characters: set[str] = set()
    fonts: list[Font] = []
    for font in (o for o in pdf.objects if isinstance(o, dict) and o.get("Type") == "/Font"):
        described = font
        if font.get("Subtype") == "/Type0":
            described = obj(font["DescendantFonts"][0])
        descriptor = obj(described.get("FontDescriptor")) or {}
        name = _SUBSET_TAG.sub("", _pydyf_text(font.get("BaseFont", "")))
        embedded = any(k in descriptor for k in ("FontFile", "FontFile2", "FontFile3"))
        found = Font(name, embedded, _pydyf_text(described.get("Subtype", "")))
        if found not in fonts:
            fonts.append(found)
        if "ToUnicode" in font:
            cmap = b"\n".join(
                part if isinstance(part, bytes) else str(part).encode()
                for part in obj(font["ToUnicode"]).stream
            )
            for block in _BFCHAR.findall(cmap):
                for text in _HEX.findall(block)[1::2]:
                    characters.update(_utf16(text))
    out.fonts = fonts
    out.copyable = frozenset(characters)
    for number, reference in enumerate(pdf.page_references, start=1):
        for annot in map(obj, obj(reference).get("Annots", ())):
            if annot.get("Subtype") != "/Link":
                continue
            action = obj(annot.get("A")) or {}
            if "Dest" in annot:
                out.links.append(Link(number, "Dest"))
            elif action.get("S") == "/URI":
                out.links.append(Link(number, "URI", _pydyf_text(action.get("URI"))))
            else:
                out.links.append(Link(number, _pydyf_text(action.get("S", ""))))
    out.pages, out.furniture = drawn_text(pdf)
    return out


# In a content stream as pydyf holds it: a font selection (``/LWGGBP 14.666 Tf``), a text
# show (``[<25c50575>-120<269d>] TJ``: hex glyph ids, two bytes each, and kerns), an XObject
# drawn (``/x12 Do``), and a marked-content tag (``/Artifact`` then ``BMC``, or a property
# list then ``BDC``).
_TF = re.compile(rb"^/(\S+) \S+ Tf$")
_TJ_HEX = re.compile(rb"<([0-9a-fA-F]*)>")
_DO = re.compile(rb"^/(\S+) Do$")


def _cmap(stream: Any) -> dict[int, str]:
    """A ToUnicode CMap (pydyf stream) → {glyph id: text}."""
    data = b"\n".join(part if isinstance(part, bytes) else str(part).encode() for part in stream.stream)
    out: dict[int, str] = {}
    for block in _BFCHAR.findall(data):
        pairs = _HEX.findall(block)
        for glyph, text in zip(pairs[::2], pairs[1::2], strict=False):
            out[int(glyph, 16)] = _utf16(text)
    return out


class _DrawnText:
    """Reads the text a PDF's content streams draw (see :func:`drawn_text`)."""

    def __init__(self, pdf: Any) -> None:
        self.obj = _resolver(pdf)
        self.maps: dict[int, dict[int, str]] = {}  # font object id → its ToUnicode map
        self.artifact: list[bool] = []  # open marked-content sequences: is it an artifact?
        self.body: list[str] = []
        self.furniture: list[str] = []

    def page(self, page: Any) -> tuple[str, str]:
        self.body, self.furniture, self.artifact = [], [], []
        self.run(self.obj(page["Contents"]), page["Resources"])
        return "\n".join(self.body), "\n".join(self.furniture)

    def font_map(self, reference: Any) -> dict[int, str]:
        font = self.obj(reference)
        if id(font) not in self.maps:
            self.maps[id(font)] = _cmap(self.obj(font["ToUnicode"])) if "ToUnicode" in font else {}
        return self.maps[id(font)]

    def line(self, glyphs: list[str]) -> None:
        if glyphs:
            (self.furniture if any(self.artifact) else self.body).append("".join(glyphs))

    def run(self, stream: Any, resources: Any) -> None:
        resources = self.obj(resources) or {}
        fonts = self.obj(resources.get("Font")) or {}
        forms = self.obj(resources.get("XObject")) or {}
        glyphs: dict[int, str] = {}
        line: list[str] = []
        tag = ""  # the last marked-content tag named
        for item in stream.stream:
            if not isinstance(item, bytes):
                if isinstance(item, str) and item.startswith("/"):
                    tag = item
            elif item.endswith(b"TJ"):
                for run_hex in _TJ_HEX.findall(item):
                    line += [
                        glyphs.get(int(run_hex[i : i + 4], 16), "\ufffd") for i in range(0, len(run_hex), 4)
                    ]
            elif item == b"ET":
                self.line(line)
                line = []
            elif (font := _TF.match(item)) is not None:
                glyphs = self.font_map(fonts[font.group(1).decode()])
            elif item in (b"BMC", b"BDC"):
                self.artifact.append(tag == "/Artifact")
            elif item == b"EMC" and self.artifact:
                self.artifact.pop()
            elif (name := _DO.match(item)) is not None:
                form = self.obj(forms.get(name.group(1).decode()))
                if form is not None and form.extra.get("Subtype") == "/Form":
                    self.run(form, form.extra.get("Resources", resources))
        self.line(line)


def drawn_text(pdf: Any) -> tuple[list[str], list[str]]:
    """The text of every page as a reader copies it out of the PDF: each glyph drawn by the
    page's content stream (and the forms it draws), in the order drawn, mapped back to text
    by its font's ToUnicode CMap. Marked-content ``/Artifact`` text (the running header and
    the page number) is the page's furniture, the rest its body: what a screen reader reads.
    Returns (body, furniture), a string per page, a line per text object."""
    reader = _DrawnText(pdf)
    read = [reader.page(reader.obj(reference)) for reference in pdf.page_references]
    return [body for body, _ in read], [furniture for _, furniture in read]


def squash(text: str) -> str:
    return _IGNORED.sub("", text)


def font_key(name: str) -> str:
    """``Noto-Serif-CJK-SC-Bold`` / ``NotoSerifCJKsc-Bold`` → ``notoserifcjkscbold``."""
    return re.sub(r"[\s_-]", "", name).lower()


def check(contents: PdfContents, report: Report, families: Families, label: str, *, source: str) -> None:
    """The PDF has the script's fonts, all embedded, and every paragraph of the report."""
    not_embedded = sorted({f.name for f in contents.fonts if not f.embedded})
    if not_embedded:
        raise BuildError(f"{label}: fonts not embedded: {', '.join(not_embedded)}", hint=INSTALL_HINT)
    bitmaps = sorted({f.name for f in contents.fonts if f.subtype == "Type3"})
    if bitmaps:
        raise BuildError(
            f"{label}: Type 3 (bitmap) fonts: {', '.join(bitmaps)}; their text "
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
    text = squash(contents.text())
    if contents.copyable is not None:
        for paragraph, line in report.paragraphs():
            lost = sorted(set(squash(paragraph)) - contents.copyable)
            if lost:
                raise BuildError(
                    f"{label}: {''.join(lost[:10])} cannot be copied out of the PDF (no "
                    f"ToUnicode entry gives it back): {paragraph[:40]}…",
                    line=line,
                    path=source,
                    hint="a bug in the PDF's fonts (build_tools/pdf, WeasyPrint)",
                )
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
                + "; otherwise the PDF lost text: a bug in build_tools/pdf",
            )
        pos = found + len(squash(paragraph))

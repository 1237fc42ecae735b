"""What WeasyPrint 70's tagged PDF (``pdf_variant="pdf/a-3a"``) lacks for PDF/UA-1, added by a
finisher (``Document.write_pdf(finisher=...)``, called on the pydyf objects before the file is
written):

* a chart's alternative text is its SVG ``<desc>`` (the data in words); WeasyPrint takes the
  ``<title>``, which the chart's ``<figcaption>`` below already says;
* the running header and the page number (the page's margin boxes) are pagination artifacts:
  WeasyPrint marks their text as content and maps it to structure elements that no element of
  the tree holds, which UA-1 forbids (content is either in the tree or an artifact);
* a link annotation has its text as ``/Contents`` (UA-1 asks links for an alternate
  description; WeasyPrint writes the target's id there: ``sec-3-4``);
* the XMP metadata says the file is PDF/UA-1 too (``pdfuaid:part``), beside PDF/A-3a.

The finisher changes objects only in ways that do not depend on hashes or time, so two builds
still give the same bytes.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from typing import Any
from xml.etree import ElementTree

# An inline chart's <title> and <desc>, as build_tools/pages/charts.py writes them.
_CHART = re.compile(
    r"<svg\b[^>]*>\s*<title(?:\s[^>]*)?>(.*?)</title>\s*<desc(?:\s[^>]*)?>(.*?)</desc>", re.DOTALL
)
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_PDFUAID = "http://www.aiim.org/pdfua/ns/id/"


def chart_alts(document_html: str) -> dict[str, str]:
    """Each inline SVG chart's ``<title>`` → its ``<desc>``, from the document's HTML."""
    return {
        html.unescape(m.group(1)).strip(): html.unescape(m.group(2)).strip()
        for m in _CHART.finditer(document_html)
    }


def _ref(reference: Any) -> int:
    """``b"12 0 R"`` (pydyf's ``.reference``) → 12."""
    if isinstance(reference, bytes):
        reference = reference.decode()
    return int(reference.split()[0])


def _is_ref(value: Any) -> bool:
    return isinstance(value, (str, bytes)) and str(value).rstrip("'").endswith(" R")


def _struct_elems(pdf: Any) -> Iterator[Any]:
    for obj in pdf.objects:
        if isinstance(obj, dict) and obj.get("Type") == "/StructElem":
            yield obj


def chart_alt_texts(document: Any, pdf: Any, alt: dict[str, str]) -> None:
    """A chart's /Alt is its <desc>: WeasyPrint sets the SVG's <title> there."""
    import pydyf

    for elem in _struct_elems(pdf):
        if elem.get("S") == "/Figure" and "Alt" in elem:
            title = str(elem["Alt"].string).strip()
            if title in alt:
                elem["Alt"] = pydyf.String(alt[title])


def pagination_artifacts(document: Any, pdf: Any, alt: dict[str, str]) -> None:
    """Marked content mapped to structure elements that the tree does not reach (the margin
    boxes': running header, page number) becomes ``/Artifact <</Type /Pagination>>``, and
    its ParentTree entry null."""
    import pydyf

    reached: set[int] = set()
    root = pdf.objects[_ref(pdf.catalog["StructTreeRoot"])]
    todo = [_ref(k) for k in root["K"]]
    while todo:
        number = todo.pop()
        if number not in reached:
            reached.add(number)
            todo += [_ref(k) for k in pdf.objects[number].get("K", ()) if _is_ref(k)]
    orphans = {elem.number for elem in _struct_elems(pdf) if elem.number not in reached}
    nums = pdf.objects[_ref(root["ParentTree"])]["Nums"]
    artifact_mcids: dict[int, set[int]] = {}  # page index → MCIDs
    for key, value in zip(nums[::2], nums[1::2], strict=True):
        if isinstance(value, list):  # a page: its MCIDs' structure elements
            for mcid, ref in enumerate(value):
                if _is_ref(ref) and _ref(ref) in orphans:
                    artifact_mcids.setdefault(key, set()).add(mcid)
                    value[mcid] = "null"
    for page_index, mcids in artifact_mcids.items():
        page = pdf.objects[_ref(pdf.page_references[page_index])]
        items = pdf.objects[_ref(page["Contents"])].stream
        for j, item in enumerate(items):
            if (
                isinstance(item, dict)
                and item.get("MCID") in mcids
                and j > 0
                and isinstance(items[j - 1], str)
                and items[j - 1].startswith("/")
            ):
                items[j - 1] = "/Artifact"
                items[j] = pydyf.Dictionary({"Type": "/Pagination"})


def link_descriptions(document: Any, pdf: Any, alt: dict[str, str]) -> None:
    """A link's /Contents is its text in the document (without the leader and page number
    that the contents add after it), not the id of its target."""
    import pydyf
    from weasyprint.formatting_structure import boxes

    def links(box: Any) -> Iterator[Any]:
        if getattr(box, "link_annotation", None) is not None and box.element is not None:
            yield box
        for child in getattr(box, "children", ()):
            yield from links(child)

    for page in document.pages:
        for box in links(page._page_box):
            if isinstance(box, boxes.Box):
                text = " ".join("".join(box.element.itertext()).split())
                box.link_annotation["Contents"] = pydyf.String(text)


def pdfua_identification(document: Any, pdf: Any, alt: dict[str, str]) -> None:
    """The XMP metadata says PDF/UA-1 (``pdfuaid:part``) beside PDF/A-3a."""
    metadata = pdf.objects[_ref(pdf.catalog["Metadata"])]
    packet = b"".join(part if isinstance(part, bytes) else str(part).encode() for part in metadata.stream)
    start, end = packet.index(b"<rdf:RDF"), packet.index(b"</rdf:RDF>") + len(b"</rdf:RDF>")
    rdf = ElementTree.fromstring(packet[start:end])
    first = rdf.find(f"{{{_RDF}}}Description")
    assert first is not None
    first.set(f"{{{_PDFUAID}}}part", "1")
    ElementTree.register_namespace("pdfuaid", _PDFUAID)
    metadata.stream = [packet[:start] + ElementTree.tostring(rdf, encoding="utf-8") + packet[end:]]


# What the finisher does, in order: (name, step(document, pdf, alt)).
STEPS: list[tuple[str, Callable[[Any, Any, dict[str, str]], None]]] = [
    ("chart alt texts", chart_alt_texts),
    ("pagination artifacts", pagination_artifacts),
    ("link descriptions", link_descriptions),
    ("PDF/UA identification", pdfua_identification),
]


def finisher(alt: dict[str, str]) -> Callable[[Any, Any], None]:
    """The ``write_pdf`` finisher: :data:`STEPS` on a tagged PDF; ``alt`` maps a chart's
    <title> to its <desc> (:func:`chart_alts`)."""

    def finish(document: Any, pdf: Any) -> None:
        if "StructTreeRoot" not in pdf.catalog:
            return
        for _name, step in STEPS:
            step(document, pdf, alt)

    return finish

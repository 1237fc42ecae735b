"""The whole report as one PDF per script, from the same Markdown pages as the site.

``make_pdfs(project, doc)`` makes ``report-zh-Hans.pdf`` and ``report-zh-Hant.pdf``;
``write_pdfs`` puts them into a site being built, ``add_pdfs`` into a built one. For each
script, in order:

* ``fonts``: fontconfig has the script's Noto CJK families and a font for every character;
* ``assemble``: ``docs/<script>/*.md`` (checked up to date with the source) → one HTML
  document with a cover, the contents and every page (``assemble.py``);
* ``render``: WeasyPrint lays it out; any warning it logs fails the build;
* ``check``: the PDF read back has its fonts embedded and every paragraph of the report.

The two scripts are made side by side (a process each, forked after WeasyPrint is imported
and the title is segmented, so that neither process does that again), and both before either
is written.
The PDF's date is SOURCE_DATE_EPOCH if set, else
the report's publication time, so two builds give the same bytes.
"""

from __future__ import annotations

import functools
import gc
import logging
import os
import time
import warnings as py_warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import markdown

from ...curated.settings import Settings
from ...errors import BuildError
from ...pages.build import translators
from ...pages.nav import reading_order
from ...paths import SCRIPTS, Script, pdf_name
from ...text.model import Document
from ..procs import in_parallel
from ..project import Project
from ..write import check_replaceable, copy_tree, replace_dir, replace_file, stale
from . import assemble, fonts, readback, tagging

log = logging.getLogger("build_tools")

STYLE = Path(__file__).with_name("style.css")
# Page margins (mm): top, right, bottom, left. The running header and the page number sit in
# the top and bottom margins; ``readback`` tells them from the body by these numbers. The
# sides leave room for the 40-character measure, which style.css centres.
MARGINS_MM = (26.0, 24.0, 24.0, 24.0)


@dataclass(frozen=True, slots=True)
class Built:
    """One script's PDF, made and checked, not yet written."""

    script: Script
    data: bytes
    contents: readback.PdfContents
    #: CPU seconds (user + system, of the process that made it) of each part: fonts,
    #: assemble, layout, write, check (see :class:`Clock`)
    cpu: dict[str, float] = field(default_factory=dict)


def make_pdfs(project: Project, doc: Document, settings: Settings | None = None) -> list[Built]:
    """Both scripts' PDFs, made and checked side by side (a process each). ``settings``: the
    ones ``doc`` was made with, if at hand (reading them again costs 0.1 s)."""
    tr = translators((settings or project.settings()).scripts)
    warm_up(project, doc)
    return in_parallel([functools.partial(make_pdf, project, doc, script, tr[script]) for script in SCRIPTS])


def warm_up(project: Project, doc: Document) -> None:
    """Work that both scripts' processes need, done once before they fork: import WeasyPrint
    (0.45 s of CPU) and the Markdown extensions, and segment the title
    (``assemble.segment`` is cached, so neither process reads jieba's dictionary again)."""
    import weasyprint  # noqa: F401  (imported for the forked processes)

    extensions, configs = assemble.markdown_extensions(project.config("zh-Hans"))
    markdown.Markdown(extensions=extensions, extension_configs=configs)
    title = doc.meta("zh-Hans").title
    assemble.words(title, title)


def write_pdfs(made: list[Built], site: Path) -> list[Path]:
    """Write the PDFs into ``site/<script>/`` (a folder that replace_dir swaps in whole)."""
    paths = []
    for pdf in made:
        target = site / pdf.script / pdf_name(pdf.script)
        if not target.parent.is_dir():
            raise BuildError(
                f"{target.parent} does not exist", path=site, hint="build the site first (`gov-report site`)"
            )
        replace_file(target, pdf.data)  # a new file: never through a link to an old one
        paths.append(target)
    return paths


def add_pdfs(project: Project, site: Path) -> list[Path]:
    """(Re)build the PDFs of an already built ``site``: a copy of it with the new PDFs is
    swapped in whole, so a failure or a kill leaves the site as it was."""
    check_replaceable(site)
    settings = project.settings()
    doc, files = project.generate(settings)
    problems = stale(files, project.docs)
    if problems:
        raise BuildError(
            f"docs/ is stale against the source: {'; '.join(problems[:5])}",
            path=project.docs,
            hint="run `gov-report build` (make docs)",
        )
    made = make_pdfs(project, doc, settings)

    def fill(tmp: Path) -> None:
        copy_tree(site, tmp)
        write_pdfs(made, tmp)

    replace_dir(site, fill)
    return [site / script / pdf_name(script) for script in SCRIPTS]


class Clock:
    """CPU time (user + system, this process) spent in each named part::

        clock = Clock()
        with clock("layout"):
            ...
        clock.parts  # {"layout": 1.93}

    The PDF of each script is made in a process of its own, so its parts are that process's
    CPU time; ``Built.cpu`` carries them back to the build (and to the benchmark)."""

    def __init__(self) -> None:
        self.parts: dict[str, float] = {}
        self._open: list[str] = []

    @contextmanager
    def __call__(self, part: str) -> Iterator[None]:
        """Time ``part``; a part timed inside another counts for itself only (the check that
        runs inside WeasyPrint's write is not write)."""
        start = time.process_time()
        self._open.append(part)
        try:
            yield
        finally:
            self._open.pop()
            spent = time.process_time() - start
            self.parts[part] = self.parts.get(part, 0.0) + spent
            if self._open:
                outer = self._open[-1]
                self.parts[outer] = self.parts.get(outer, 0.0) - spent

    def summary(self) -> str:
        """``fonts 0.02, assemble 0.12, layout 1.64, write 1.50, check 0.07`` (the parts of
        :data:`PARTS` first, in that order; the log line the benchmark can read)."""
        order = [p for p in PARTS if p in self.parts] + [p for p in self.parts if p not in PARTS]
        return ", ".join(f"{part} {self.parts[part]:.2f}" for part in order)


#: The parts of making one script's PDF, in the order they run (``Built.cpu``'s keys).
PARTS = ("fonts", "assemble", "layout", "write", "check")


@contextmanager
def cycles_not_collected() -> Iterator[None]:
    """Python's cyclic garbage collector off while a PDF is made.

    WeasyPrint builds and copies hundreds of thousands of boxes and style objects; the
    collector ran four full collections of that heap per script, and with the cache misses
    that cost 0.7 to 0.9 s of CPU a script (a third of the layout). Almost all of it is freed
    by reference counting anyway: the peak memory of a script's process is the same, 430 MB,
    with or without the collector. The process that makes a PDF (``procs.in_parallel``) ends
    after it with the collector off; where there is no second process (no fork, one core) the
    collector is on again afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def make_pdf(project: Project, doc: Document, script: Script, tr: assemble.Translate) -> Built:
    """Assemble, render and check one script's PDF."""
    with cycles_not_collected():
        return _make_pdf(project, doc, script, tr)


def _make_pdf(project: Project, doc: Document, script: Script, tr: assemble.Translate) -> Built:
    started = time.perf_counter()
    clock = Clock()
    families = fonts.FAMILIES[script]
    with clock("fonts"):
        fonts.require_families(script)
    with clock("assemble"):
        html = document_html(project, doc, script, tr)
    with clock("fonts"):
        fonts.fallbacks(script, assemble.text_of(html) + assemble.labels_text(tr))
    log.info("pdf %s: laying out and drawing", script)
    data, contents = render(
        html, base_url=(project.docs / script).resolve(), alt=tagging.chart_alts(html), clock=clock
    )
    with clock("check"):
        readback.check(contents, doc.report(script), families, pdf_name(script), source=doc.path)
    log.info(
        "pdf %s: %d pages, checked (%.1f s; CPU s: %s)",
        script,
        len(contents.pages),
        time.perf_counter() - started,
        clock.summary(),
    )
    return Built(script, data, contents, clock.parts)


def document_html(project: Project, doc: Document, script: Script, tr: assemble.Translate) -> str:
    """The HTML that WeasyPrint renders for ``script``."""
    docs_dir = project.docs / script
    names = [
        name.removesuffix(".md") for name in reading_order(doc.hans, [p.name for p in docs_dir.glob("*.md")])
    ]
    pages = assemble.link_pages(assemble.render_pages(docs_dir, names, project.config(script)))
    html = assemble.document(
        pages,
        script,
        doc.meta(script),
        tr,
        stylesheet(script, tr),
        chart_font=fonts.FAMILIES[script].sans,
        simplified_title=doc.meta("zh-Hans").title,
        source_date_epoch=os.environ.get("SOURCE_DATE_EPOCH"),
    )
    assemble.check_links(html)
    return html


def stylesheet(script: Script, tr: assemble.Translate) -> str:
    margins = " ".join(f"{m:g}mm" for m in MARGINS_MM)
    return (
        STYLE.read_text(encoding="utf-8")
        + "\n/* Generated by build_tools/publish/pdf/__init__.py */\n"
        + fonts.FAMILIES[script].css()
        + f"@page {{ margin: {margins}; }}\n"
        + assemble.page_css(tr)
    )


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _weasyprint_warnings() -> Iterator[list[str]]:
    """Collect what WeasyPrint logs at WARNING and above (unknown CSS, missing anchors …)."""
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)


def _offline(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """WeasyPrint's URL fetcher, for files and data: URLs only: the PDF needs no network."""
    from weasyprint import default_url_fetcher

    if not url.startswith(("file:", "data:")):
        raise ValueError(f"the PDF fetches nothing from the network: {url}")
    result: dict[str, Any] = default_url_fetcher(url, *args, **kwargs)
    return result


def compress_once(pdf: Any) -> None:
    """Compress each stream of ``pdf`` (a pydyf PDF about to be written) now, once.

    pydyf compresses a stream (zlib, level 9) each time it serialises it, and a PDF/A file is
    serialised twice: once to write it, once more for the MD5 of its trailer /ID. The fonts
    and page contents were thus compressed twice: 0.13 s of CPU a script. Done here the same
    way (the same level, the /Filter added last, as pydyf does), the bytes are the same."""
    import zlib

    import pydyf

    for obj in pdf.objects:
        if isinstance(obj, pydyf.Stream) and obj.compress:
            raw = b"\n".join(pydyf._to_bytes(item) for item in obj.stream)
            compressor = zlib.compressobj(level=9)
            obj.stream = [compressor.compress(raw) + compressor.flush()]
            obj.extra["Filter"] = "/FlateDecode"
            obj.compress = False


# PDF/A-3a: archival and tagged (WeasyPrint adds the XMP metadata, the sRGB output intent, the
# file /ID and the structure tree). WeasyPrint 70 writes one variant at a time;
# ``tagging.finisher`` adds what PDF/UA-1 asks beyond it (see tagging.py).
PDF_VARIANT = "pdf/a-3a"


def render(
    html: str, *, base_url: Path, alt: dict[str, str] | None = None, clock: Clock | None = None
) -> tuple[bytes, readback.PdfContents]:
    """HTML → PDF bytes, and what the PDF holds (``readback.collect``, read from the PDF's
    objects just before they are written). WeasyPrint lays the document out (``layout``), then
    draws and writes it (``write``), tagged: PDF/A-3a and PDF/UA-1. ``alt`` maps a chart's
    SVG <title> to its alternative text, the chart's <desc>. A warning from WeasyPrint fails
    the build."""
    import weasyprint

    clock = clock or Clock()
    tag = tagging.finisher(alt or {})
    collected: list[readback.PdfContents] = []

    def finish(document: Any, pdf: Any) -> None:
        tag(document, pdf)
        with clock("check"):
            collected.append(readback.collect(pdf))
        compress_once(pdf)

    with _weasyprint_warnings() as warnings:
        with clock("layout"):
            document = weasyprint.HTML(
                string=html, base_url=base_url.as_uri() + "/", url_fetcher=_offline
            ).render(pdf_variant=PDF_VARIANT)
        with clock("write"), py_warnings.catch_warnings():
            # WeasyPrint 70 opens its sRGB2014.icc (the PDF/A output intent) and never closes
            # it: a ResourceWarning when the file object is collected, an error under pytest.
            py_warnings.simplefilter("ignore", ResourceWarning)
            data = document.write_pdf(pdf_variant=PDF_VARIANT, finisher=finish)
    if warnings:
        raise BuildError(
            "WeasyPrint: " + "; ".join(dict.fromkeys(warnings)),
            hint="fix build_tools/publish/pdf/style.css or the page the message names",
        )
    assert data is not None
    return bytes(data), collected[0]

"""The whole report as one PDF per script, from the same Markdown pages as the site, typeset by
Typst.

``make_pdfs(project, doc)`` makes ``report-zh-Hans.pdf`` and ``report-zh-Hant.pdf``;
``write_pdfs`` puts them into a site being built, ``add_pdfs`` into a built one. First, for
both scripts at once (:class:`Shared`): ``read``, ``docs/<script>/*.md`` (checked up to date
with the source) in reading order, parsed by markdown-it-py (``parse``); ``words``, the words
of the titles and tables (``words``); ``fonts``, the installed fonts (``compile.fonts``). Then
for each script, in a child process of its own (``child``: Typst's memory goes with it; it
inherits what was made before), in order:

* ``render``: one Typst document: the template (``template.typ``), the cover, the contents
  and every page (``document``, ``render``, ``chart``, ``tables``; text enters Typst only
  through ``markup``);
* ``typeset``: Typst lays it out and writes a tagged PDF/A-3a + PDF/UA-1 (``compile``);
* ``check``: the PDF read back (PDFium) has its fonts embedded, every paragraph of the report
  in order, and no line Chinese typesetting forbids (``readback``).

The scripts are made one after the other, not side by side: Typst already lays pages out
on every core, so two at once would save no CPU and double the memory. Both are made before
either is written. The PDF's date is SOURCE_DATE_EPOCH if
set, else the report's publication time, so two builds give the same bytes.
"""

from __future__ import annotations

import functools
import gc
import logging
import os
import resource
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ...curated.settings import Settings
from ...errors import BuildError
from ...pages.build import about, translators
from ...pages.nav import reading_order
from ...pages.source import cover_note
from ...paths import JIEBA_USER, SCRIPTS, Script, pdf_name
from ...text.model import Document
from ..project import Project
from ..write import check_replaceable, copy_tree, replace_dir, replace_file, stale
from . import child, compile, document, fonts, readback
from .words import Segmenter

if TYPE_CHECKING:
    import typst

log = logging.getLogger("build_tools")

TEMPLATE = Path(__file__).with_name("template.typ")
# Page margins (mm), top and bottom (the sides make a 40-character measure: template.typ).
# The running header and the page number sit in them; ``readback`` tells them from the body
# by these numbers.
MARGINS_MM = (26.0, 24.0)


@dataclass(frozen=True, slots=True)
class Built:
    """One script's PDF, made and checked, not yet written."""

    script: Script
    data: bytes
    contents: readback.PdfContents
    #: CPU seconds (user + system) of each part: render, typeset, check (:class:`Clock`)
    cpu: dict[str, float] = field(default_factory=dict)


class Clock:
    """CPU time (user + system, this process) spent in each named part::

        clock = Clock()
        with clock("typeset"):
            ...
        clock.parts  # {"typeset": 0.41}

    ``Built.cpu`` carries a script's parts back to the build (and to the benchmark)."""

    def __init__(self) -> None:
        self.parts: dict[str, float] = {}

    @contextmanager
    def __call__(self, part: str) -> Iterator[None]:
        start = time.process_time()
        try:
            yield
        finally:
            self.parts[part] = self.parts.get(part, 0.0) + time.process_time() - start

    def summary(self) -> str:
        """``read 0.05, render 0.08, typeset 0.41, check 0.06`` (the parts of :data:`PARTS`
        first, in that order; the log line the benchmark reads)."""
        return self.summary_of(self.parts)

    @staticmethod
    def summary_of(parts: dict[str, float]) -> str:
        order = [p for p in PARTS if p in parts] + [p for p in parts if p not in PARTS]
        return ", ".join(f"{part} {parts[part]:.2f}" for part in order)


#: the parts of making one script's PDF, in the order they run (``Built.cpu``'s keys)
PARTS = ("render", "typeset", "check")


@dataclass(frozen=True, slots=True)
class Shared:
    """What both scripts use, made once: the pages, the word cutter and the installed fonts."""

    pages: dict[Script, list[document.Page]]
    segmenter: Segmenter
    variant: str
    fonts: typst.Fonts
    #: CPU seconds it took (``read``: the pages; ``words``: the word cutter; ``fonts``: the
    #: fonts found; ``reader``: PDFium started, for the read-back check)
    cpu: dict[str, float]
    #: the cover's line on the source, per script, as the editorial notes state it
    notes: dict[Script, str] = field(default_factory=dict)

    @classmethod
    def make(cls, project: Project, doc: Document, settings: Settings) -> Shared:
        with _collector_paused():
            return cls._make(project, doc, settings)

    @classmethod
    def _make(cls, project: Project, doc: Document, settings: Settings) -> Shared:
        clock = Clock()
        with clock("read"):
            pages = {script: _pages(project, doc, script) for script in SCRIPTS}
        with clock("words"):
            texts = [t for s in SCRIPTS for t in document.words_to_cut(pages[s], doc.meta(s).title)]
            segmenter = Segmenter(texts, project.docs / JIEBA_USER, settings.scripts.to_hans.convert)
        with clock("fonts"):
            found = compile.fonts()
        with clock("reader"):
            readback.load()
        tr, said = translators(settings.scripts), about(settings)
        notes = {script: cover_note(doc, said, tr[script]) for script in SCRIPTS}
        return cls(pages, segmenter, settings.scripts.variant, found, clock.parts, notes)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while the shared work is made: the pages' syntax trees
    (some 17,000 tokens and nodes, each node linked to its parent) are kept for the whole step,
    and making them would set the collector walking the whole heap (the generated document
    too) again and again: 0.045 s of CPU, a third of ``read``. Cycles dropped meanwhile are
    collected once it is on again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _pages(project: Project, doc: Document, script: Script) -> list[document.Page]:
    docs_dir = project.docs / script
    names = [n.removesuffix(".md") for n in reading_order(doc.hans, [p.name for p in docs_dir.glob("*.md")])]
    return document.read_pages(docs_dir, names)


#: The most report text (Han and other characters of the body, one script) the PDF step
#: typesets. Typst's memory grows with the text, about 5 KB a character on top of some 350 MB
#: (a 100,000-character report took 720 MB, 650,000 characters 3.3 GB); the longest report
#: of the genre seen has under 60,000. The site has no such limit.
MAX_CHARACTERS = 300_000


def check_size(doc: Document) -> None:
    """Refuse, before any work, a report too long to typeset: naming its longest paragraph's
    line and what to do, instead of the machine running out of memory."""
    paragraphs = doc.hans.paragraphs()
    total = sum(len(text) for text, _ in paragraphs)
    if total <= MAX_CHARACTERS:
        return
    _, line = max(paragraphs, key=lambda p: len(p[0]))
    raise BuildError(
        f"the report's text has {total:,} characters, and the PDFs are made of at most "
        f"{MAX_CHARACTERS:,} (Typst would need about {350 + total * 5 // 1000:,} MB of memory); "
        f"its longest paragraph starts here",
        path=doc.path,
        line=line,
        hint="build the site without the PDFs (`gov-report site --no-pdf`), or split the text "
        "into the reports it holds",
    )


def make_pdfs(project: Project, doc: Document, settings: Settings | None = None) -> list[Built]:
    """Both scripts' PDFs, made and checked. ``settings``: the ones ``doc`` was made with, if
    at hand (reading them again costs 0.1 s)."""
    check_size(doc)
    settings = settings or project.settings()
    tr = translators(settings.scripts)
    shared = Shared.make(project, doc, settings)
    log.info("pdf: pages read, words cut, fonts found (CPU s: %s)", Clock.summary_of(shared.cpu))
    made = [
        child.in_child(functools.partial(make_pdf, project, doc, script, tr[script], shared=shared))
        for script in SCRIPTS
    ]
    log.info("pdf: peak memory %.0f MB", peak_memory_mb())
    return made


def peak_memory_mb() -> float:
    """The largest resident size this process (or a child it waited for) has had, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024  # kilobytes on Linux


def make_pdf(
    project: Project, doc: Document, script: Script, tr: document.Translate, *, shared: Shared | None = None
) -> Built:
    """Render, typeset and check one script's PDF (``shared``: made by :func:`make_pdfs` for
    both scripts; made here for this one otherwise)."""
    started = time.perf_counter()
    shared = shared or Shared.make(project, doc, project.settings())
    clock = Clock()
    families = fonts.families(script, shared.variant)
    meta = doc.meta(script)
    label = pdf_name(script)
    with clock("render"):
        template = TEMPLATE.read_text(encoding="utf-8")
        source = document.source(
            shared.pages[script],
            meta,
            tr,
            families,
            shared.segmenter,
            template,
            margins_mm=MARGINS_MM,
            note=shared.notes.get(script, ""),
        )
    log.info("pdf %s: typesetting", script)
    with clock("typeset"):
        compiler = compile.compiler(shared.fonts)
        when = compile.timestamp(meta.published, os.environ.get("SOURCE_DATE_EPOCH"))
        data = compile.compile_pdf(compiler, source, label, when=when)
    with clock("check"):
        top, bottom = MARGINS_MM
        contents = readback.read(data, top_margin_mm=top, bottom_margin_mm=bottom)
        readback.check(contents, doc.report(script), families, label, source=doc.path)
    log.info(
        "pdf %s: %d pages, checked (%.1f s; CPU s: %s)",
        script,
        len(contents.pages),
        time.perf_counter() - started,
        clock.summary(),
    )
    return Built(script, data, contents, clock.parts)


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

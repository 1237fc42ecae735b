"""The whole report as one PDF per script, from the same Markdown pages as the site.

``build_pdfs(root, site)`` writes ``site/zh-Hans/report-zh-Hans.pdf`` and
``site/zh-Hant/report-zh-Hant.pdf``. For each script, in order:

* ``fonts``: fontconfig has the script's Noto CJK families and a font for every character;
* ``assemble``: ``docs/<script>/*.md`` (checked up to date with the source) → one HTML
  document with a cover, the contents and every page (``assemble.py``);
* ``render``: WeasyPrint lays it out; any warning it logs fails the build;
* ``check``: the PDF read back has its fonts embedded and every paragraph of the report.

The two scripts are made side by side (a process each) and both before either is written.
The PDF's date is SOURCE_DATE_EPOCH if set, else
the report's publication time, so two builds give the same bytes.
"""

from __future__ import annotations

import functools
import logging
import multiprocessing
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TypeVar

from .. import build, pipeline
from ..errors import BuildError
from ..model import SCRIPTS, Document, Script
from ..procs import die_with_parent
from ..write import check_replaceable, copy_tree, replace_dir, stale
from . import assemble, fonts, readback

T = TypeVar("T")

STYLE = Path(__file__).with_name("style.css")
# The MkDocs config of each script: its markdown_extensions render the PDF's pages too.
CONFIGS: dict[Script, str] = {"zh-Hans": "mkdocs.yml", "zh-Hant": "mkdocs.zh-Hant.yml"}
# Page margins (mm): top, right, bottom, left. The running header and the page number sit in
# the top and bottom margins; ``readback`` tells them from the body by these numbers. The
# sides leave room for the 40-character measure, which style.css centres.
MARGINS_MM = (26.0, 24.0, 24.0, 24.0)


def pdf_name(script: Script) -> str:
    return f"report-{script}.pdf"


@dataclass(frozen=True, slots=True)
class Built:
    """One script's PDF, made and checked, not yet written."""

    script: Script
    data: bytes
    contents: readback.PdfContents


def build_pdfs(root: Path, site: Path) -> list[Path]:
    """Write both scripts' PDFs into the built site ``site/<script>/``; return their paths."""
    source = root / pipeline.SOURCE.relative_to(pipeline.ROOT)
    settings = pipeline.settings_for(source)
    doc, files = build.docs_tree(source, settings)
    docs = root / "docs"
    problems = stale(files, docs)
    if problems:
        raise BuildError(f"docs/ is stale against the source: {'; '.join(problems[:5])}",
                         path=docs, hint="run `python -m build_tools build` (make docs)")
    translators = build.translators(settings.scripts)
    made = in_parallel([
        functools.partial(make_pdf, root, doc, script, translators[script]) for script in SCRIPTS
    ])
    paths = []
    for pdf in made:
        target = site / pdf.script / pdf_name(pdf.script)
        if not target.parent.is_dir():
            raise BuildError(f"{target.parent} does not exist", path=site,
                             hint="build the site first (`python -m build_tools site`)")
        target.write_bytes(pdf.data)  # into a folder that replace_dir swaps in whole
        paths.append(target)
    return paths


def add_pdfs(root: Path, site: Path) -> list[Path]:
    """(Re)build the PDFs of an already built ``site``: a copy of it with the new PDFs is
    swapped in whole, so a failure or a kill leaves the site as it was."""
    check_replaceable(site)

    def fill(tmp: Path) -> None:
        copy_tree(site, tmp)
        build_pdfs(root, tmp)

    replace_dir(site, fill)
    return [site / script / pdf_name(script) for script in SCRIPTS]


def in_parallel(jobs: list[Callable[[], T]]) -> list[T]:
    """Run the jobs (one per script) in forked processes: WeasyPrint uses one core, and the
    two PDFs do not depend on each other. Sequential where fork or a second core is missing.
    The first job's error is raised, with its message and hint."""
    if len(jobs) < 2 or (os.cpu_count() or 1) < 2 or (
            "fork" not in multiprocessing.get_all_start_methods()):
        return [job() for job in jobs]
    context = multiprocessing.get_context("fork")  # the jobs are closures: not pickled
    running = []
    for job in jobs:
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=_run, args=(job, send, os.getpid()), daemon=True)
        process.start()
        send.close()
        running.append((process, receive))
    results: list[tuple[bool, Any]] = []  # (True, result) or (False, exception)
    for process, receive in running:
        try:
            results.append(receive.recv())
        except EOFError:
            results.append((False, BuildError(
                "a PDF build process died without a result (its error is printed above)",
                hint="run `python -m build_tools pdf` again; report the error if it stays")))
        process.join()
    for ok, value in results:
        if not ok:
            raise value
    return [value for _, value in results]


def _run(job: Callable[[], Any], send: Connection, parent: int) -> None:
    die_with_parent(parent)  # a killed build leaves no worker blocked on this pipe
    try:
        send.send((True, job()))
    except BaseException as err:
        send.send((False, err))
    finally:
        send.close()


def make_pdf(root: Path, doc: Document, script: Script, tr: assemble.Translate) -> Built:
    """Assemble, render and check one script's PDF."""
    families = fonts.FAMILIES[script]
    fonts.require_families(script)
    html = document_html(root, doc, script, tr)
    fonts.fallbacks(script, assemble.text_of(html) + assemble.labels_text(tr))
    data = render(html, base_url=root / "docs" / script)
    top, _right, bottom, _left = MARGINS_MM
    contents = readback.read(data, top_margin_mm=top, bottom_margin_mm=bottom)
    readback.check(contents, doc.report(script), families, pdf_name(script), source=doc.path)
    return Built(script, data, contents)


def document_html(root: Path, doc: Document, script: Script, tr: assemble.Translate) -> str:
    """The HTML that WeasyPrint renders for ``script``."""
    from mkdocs.exceptions import PluginError

    from ..hooks import ordered_nav  # the reading order of the site's navigation

    docs_dir = root / "docs" / script
    try:
        names = [name.removesuffix(".md") for name in ordered_nav(docs_dir)]
    except PluginError as err:
        raise BuildError(str(err), path=docs_dir,
                         hint="run `python -m build_tools build` (make docs)") from err
    pages = assemble.link_pages(assemble.render_pages(docs_dir, names, root / CONFIGS[script]))
    html = assemble.document(
        pages, script, doc.meta(script), tr, stylesheet(script, tr),
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
        + "\n/* Generated by build_tools/pdf/__init__.py */\n"
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


def render(html: str, *, base_url: Path) -> bytes:
    """HTML → PDF bytes. A warning from WeasyPrint fails the build."""
    import weasyprint

    with _weasyprint_warnings() as warnings:
        data = weasyprint.HTML(
            string=html, base_url=base_url.as_uri() + "/", url_fetcher=_offline
        ).write_pdf()
    if warnings:
        raise BuildError(
            "WeasyPrint: " + "; ".join(dict.fromkeys(warnings)),
            hint="fix build_tools/pdf/style.css or the page the message names",
        )
    assert data is not None
    return bytes(data)

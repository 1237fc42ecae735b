"""One report of a library, built on its own: the unit of work an executor runs.

:func:`run` takes a :class:`Job` (the report's sources as bytes, and what the library adds to
every report) and returns an :class:`Outcome` (the built site as bytes, and the report's
record), so that it can run in another process or on another machine (Dask) with nothing
shared but the arguments. It makes the project ``gov-report new`` would make in a scratch
folder and builds it with ``publish/site.py``'s :func:`build_site`, the code of every single
report's site; then adds what the library adds to each page (``inject.py``).

A report that cannot be built comes back refused, with the message, where and what to do:
bad input never stops the library.
"""

from __future__ import annotations

import contextlib
import logging
import os
import resource
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...curated.settings import Settings, settings_for
from ...errors import BuildError
from ...pages.build import translators
from ...pages.library.record import Record, both, figure_rows, report_year
from ...pages.quantities import extract
from ...pages.walk import paragraph_anchors as anchors_of
from ...pages.walk import passages
from ...paths import CONFIGS, DOCS, SCRIPTS, SITE, SOURCES, THEME
from ...text.model import Document
from ..notfound import SITE_URL_VARIABLE
from ..project import Project
from ..scaffold import names, render_config
from ..site import build_site
from ..write import MARKER, replace_file, write_tree
from .inject import Context, add_to_pages

log = logging.getLogger("build_tools")


@dataclass(frozen=True, slots=True)
class Job:
    """Everything one report's build needs, as plain data."""

    key: str
    #: the report's folder, for messages (paths in them are given relative to it)
    folder: str
    #: the raw report, relative to ``sources/``
    source: str
    #: every file under ``sources/``: (path relative to it, bytes)
    inputs: tuple[tuple[str, bytes], ...]
    hash: str
    context: Context
    #: the folder of the caches a build may reuse (jieba's dictionary): the library's
    #: ``.cache/`` on this machine; "" on another (the job's scratch folder)
    cache: str = ""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a job gives back: the record (as JSON data) and the report's folder."""

    record: dict[str, Any]
    #: the built report: (path relative to its folder, bytes); empty when refused
    files: tuple[tuple[str, bytes], ...]
    #: CPU seconds the job took, its child processes included
    cpu: float


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class _Named(logging.Filter):
    """Prefixes a report's warnings with its name: many reports build side by side."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = f"{self.key}: {record.msg}"
        return True


@contextlib.contextmanager
def _quiet(key: str) -> Iterator[None]:
    """A report's own progress lines (mkdocs build, search) stay out of the library's: only
    its warnings are shown, named. (The builder says when each report is done.)"""
    level, named = log.level, _Named(key)
    log.setLevel(max(level, logging.WARNING))
    log.addFilter(named)
    try:
        yield
    finally:
        log.removeFilter(named)
        log.setLevel(level)


@contextlib.contextmanager
def _relative_build() -> Iterator[None]:
    """The published address is the library's, not a report's: a report is built relative
    (every link works under ``/<issuer>/<year>/``), whatever the environment says."""
    saved = os.environ.pop(SITE_URL_VARIABLE, None)
    try:
        yield
    finally:
        if saved is not None:
            os.environ[SITE_URL_VARIABLE] = saved


def _project(root: Path, job: Job) -> tuple[Project, Settings, Document]:
    """The scratch project ``gov-report new`` would make for the report, ``docs/`` written."""
    write_tree(dict(job.inputs), root / SOURCES)
    cache = Path(job.cache) if job.cache else None
    project = Project(root, root / SOURCES / job.source, paragraph_ids=True, cache=cache)
    settings = settings_for(project.source)
    doc, files = project.generate(settings)
    for script in SCRIPTS:
        config = render_config(script, names(doc, script), f"{SOURCES}/{job.source}", str(THEME))
        replace_file(root / CONFIGS[script], config.encode("utf-8"))
    write_tree(files, root / DOCS)
    return project, settings, doc


def _record(job: Job, doc: Document, settings: Settings) -> Record:
    """What the library keeps of a built report; refused when it has no issuer or year."""
    year = report_year(doc, settings.report.year)
    config = settings.report.path or f"sources/{Path(job.source).stem.removesuffix('.raw')}.yml"
    missing = [what for what, value in (("issuer", doc.meta_hans.issuer), ("year", year)) if not value]
    if missing:
        raise BuildError(
            f"the report names no {' and no '.join(missing)} the library can file it under",
            path=config,
            hint=f"add {' and '.join(f'{m}: …' for m in missing)} to the report's config",
        )
    views = extract(doc, settings.figures.entries, translators(settings.scripts))
    walked = passages(doc.hans)
    anchor_of = {p: a for p, a in zip(walked, anchors_of(doc.hans), strict=True) if a}
    return Record(
        key=job.key,
        hash=job.hash,
        status="built",
        year=year,
        title=both(doc, "title"),
        short_title=both(doc, "short_title"),
        issuer=both(doc, "issuer"),
        published=doc.meta_hans.published,
        pdf=job.context.pdf,
        figures=figure_rows(views, anchor_of),
    )


def _read(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.name != MARKER
    }


def _refused(job: Job, err: BuildError, scratch: Path) -> Record:
    where = err.where.replace(str(scratch), job.folder)
    return Record(job.key, job.hash, "refused", reason=err.message, where=where, hint=err.hint or "")


def run(job: Job) -> Outcome:
    """Build one report (see the module's docstring)."""
    started = _cpu()
    with tempfile.TemporaryDirectory(prefix="gov-report-library-") as scratch:
        root = Path(scratch) / "report"
        try:
            with _relative_build(), _quiet(job.key):
                project, settings, doc = _project(root, job)
                record = _record(job, doc, settings)
                build_site(project, root / SITE, pdf=job.context.pdf)
            files = add_to_pages(_read(root / SITE), record, job.context)
        except BuildError as err:
            log.debug("library: %s refused: %s", job.key, err)
            return Outcome(_refused(job, err, root).to_json(), (), _cpu() - started)
    return Outcome(record.to_json(), tuple(sorted(files.items())), _cpu() - started)

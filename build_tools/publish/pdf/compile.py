"""Typst → PDF bytes, with the typst package (Typst's compiler as a Python wheel).

The installed fonts are found once (:func:`fonts`, before the scripts' child processes are
forked, which inherit the list) and handed to each script's :func:`compiler`. The PDF is
tagged and archival: PDF/A-3a (the strongest PDF/A Typst writes together with PDF/UA-1:
PDF/A-4 is PDF 2.0, which PDF/UA-1 predates) and PDF/UA-1. Typst refuses to write a file
that breaks either standard (a character no font has, a figure without alternative text),
and any warning it gives (a font family that is not installed) stops the build too; the
message says which page and line of ``docs/`` the error comes from.

The document's date is SOURCE_DATE_EPOCH if set, else the report's publication time (Beijing
time), so that two builds give the same bytes; PDF/A requires a date, so a report that gives
none gets the time of the build.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from typing import TYPE_CHECKING

from ...errors import BuildError
from .fonts import INSTALL_HINT

if TYPE_CHECKING:
    import typst
    from typst import PDFStandard

    from .document import Source

#: the standards the PDF meets (Typst checks them as it writes)
STANDARDS: list[PDFStandard] = ["a-3a", "ua-1"]
# Where a diagnostic points: ``__typst_py_bytes__.typ:LINE:COLUMN`` (the source is bytes).
_POSITION = re.compile(r"\.typ:(\d+):\d+")
# A publication time as the page gives it: ``2019-10-02 09:28:00``, ``2019年10月2日``.
_PUBLISHED = re.compile(r"(\d{4})[-年](\d{1,2})[-月](\d{1,2})日?(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?")
_BEIJING = timezone(timedelta(hours=8))


def fonts() -> typst.Fonts:
    """The installed fonts and Typst's own (for Latin fallbacks): each font file's families and
    the characters it covers, read once (0.06 s of CPU, mostly the Noto CJK collections)."""
    import typst

    return typst.Fonts()


def compiler(found: typst.Fonts | None = None) -> typst.Compiler:
    """A Typst compiler with the fonts ``found`` (found now if not given)."""
    import typst

    return typst.Compiler(font_paths=found if found is not None else fonts())


def timestamp(published: str, source_date_epoch: str | None) -> datetime | None:
    """The document's date: SOURCE_DATE_EPOCH if set, else the publication time (the
    government's site gives Beijing time), else None (Typst then takes the current time)."""
    if source_date_epoch:
        return datetime.fromtimestamp(int(source_date_epoch), tz=UTC)
    m = _PUBLISHED.match(published)
    if not m:
        return None
    hour, minute, second = (int(m[i] or 0) for i in (4, 5, 6))
    return datetime(int(m[1]), int(m[2]), int(m[3]), hour, minute, second, tzinfo=_BEIJING)


def _hint(message: str) -> str:
    if "font" in message:
        return INSTALL_HINT + " (or, for a character no font has, report the text)"
    return "a bug in build_tools/publish/pdf (render.py or template.typ): report it with this message"


def _error(kind: str, message: str, diagnostic: str, source: Source, label: str) -> BuildError:
    m = _POSITION.search(diagnostic)
    path, line = source.where(int(m.group(1))) if m else (None, None)
    return BuildError(f"{label}: Typst {kind}: {message}", path=path, line=line, hint=_hint(message))


def compile_pdf(compiler: typst.Compiler, source: Source, label: str, *, when: datetime | None) -> bytes:
    """The PDF of ``source``; ``label`` names it in errors (``report-zh-Hans.pdf``)."""
    import typst

    try:
        data, warnings = compiler.compile_with_warnings(
            source.text.encode("utf-8"), format="pdf", pdf_standards=STANDARDS, timestamp=when
        )
    except typst.TypstError as err:
        raise _error("error", err.message, err.diagnostic, source, label) from None
    if warnings:
        first = warnings[0]
        raise _error("warning", first.message, first.diagnostic, source, label)
    assert isinstance(data, bytes)
    return data

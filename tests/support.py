"""What the tests share: the repository's own project (the Guangzhou 2018 report) and short
ways to run the library on a report. Not a test module."""

from __future__ import annotations

import functools
from pathlib import Path

from build_tools.curated import settings as curated
from build_tools.curated.settings import Settings, settings_for
from build_tools.text import pipeline
from build_tools.text.model import Document

ROOT = Path(__file__).resolve().parent.parent
#: the report this repository publishes (named in mkdocs.yml)
SOURCE = ROOT / "sources" / "guangzhou-2018-report.raw.txt"

__all__ = ["ROOT", "SOURCE", "Settings", "run", "settings", "settings_for"]


@functools.cache
def settings() -> Settings:
    """The tool's own tables and no report config, made once per test session: building the
    OpenCC converters and checking the override table against them takes a tenth of a second,
    and most tests need just these. Settings and its converters are immutable, so tests share
    them safely."""
    return curated.settings()


def run(source: str | Path, s: Settings | None = None, *, data: bytes | None = None) -> Document:
    """The text pipeline on ``source`` with ``s`` (default: no config, the tool's tables)."""
    s = s or settings()
    return pipeline.run(source, s.scripts, s.report.given, data=data)

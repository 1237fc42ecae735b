"""Everything curated that one build of one report uses, read and validated once.

``settings_for(source)`` reads the report's config (``<stem>.yml`` beside it), the conversion
corrections (the config's, else the tool's own table), and the glossary, the figures file,
the search words and the reader words the config names. The stages and pages get these
values passed in; nothing below this module reads YAML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DataError
from ..paths import DEFAULT_OVERRIDES
from ..text.script import Scripts, Variant
from .config import ReportConfig, load_for
from .figures import Curated, read_curation
from .overrides import read_scripts
from .phrasings import ReaderWords, read_reader_words
from .reader import Entry, read_entries, read_words


@dataclass(frozen=True, slots=True)
class Settings:
    """Curated data and converters, read and built once per build and passed to the stages."""

    scripts: Scripts
    glossary: tuple[Entry, ...] = ()
    #: the report's own config (``<source stem>.yml``); empty when it has none
    report: ReportConfig = field(default_factory=ReportConfig)
    figures: Curated = field(default_factory=Curated)
    #: words the search keeps whole (Simplified), one per entry
    search_words: tuple[str, ...] = ()
    #: readers' words for what the report names otherwise, and words a query may drop
    reader_words: ReaderWords = field(default_factory=ReaderWords)


def settings(
    variant: Variant = "s2tw",
    overrides: Path = DEFAULT_OVERRIDES,
    report: ReportConfig | None = None,
    source: str | Path = "",
) -> Settings:
    """Read curated data and build the converters, once per build."""
    report = report or ReportConfig()
    scripts = read_scripts(variant, overrides, report.quotes)
    entries = tuple(read_entries(report.glossary)) if report.glossary else ()
    if report.glossary and not entries:
        raise DataError(
            "the glossary has no entries",
            path=report.glossary,
            line=1,
            hint="add entries (see the README), or remove 'glossary:' from the report's config",
        )
    words = read_words(report.search_words) if report.search_words else ()
    reader = read_reader_words(report.reader_words) if report.reader_words else ReaderWords()
    return Settings(scripts, entries, report, read_curation(report.figures, source), words, reader)


def settings_for(source: str | Path, variant: Variant | None = None) -> Settings:
    """Settings for one report, from its config next to it (see ``curated.config``).

    ``variant`` (the command line) wins over the config's; the default is s2tw.
    """
    report = load_for(source)
    return settings(
        variant=variant or report.variant or "s2tw",
        overrides=report.overrides or DEFAULT_OVERRIDES,
        report=report,
        source=source,
    )

"""The text pipeline: named stages from raw bytes to the :class:`Document`.

``STAGES`` keeps the whole order in one list, as markdown-it-py's core does. Each stage is a
small pure function in the module named after it; only ``load`` reads the disk.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import clean, config, load, parse, repair, script, verify
from .config import ReportConfig
from .curated import Entry, read_entries, read_text, top_keys
from .errors import BuildError, DataError
from .model import Document
from .script import Scripts, Variant, check_overrides, make_scripts

Stage = Callable[[Any], Any]

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "sources" / "guangzhou-2018-report.raw.txt"
OVERRIDES = ROOT / "sources" / "overrides.yml"
GLOSSARY = ROOT / "sources" / "glossary.yml"


@dataclass(frozen=True, slots=True)
class Settings:
    """Curated data and converters, read and built once per build and passed to the stages."""

    scripts: Scripts
    glossary: tuple[Entry, ...] = ()
    #: the report's own config (``<source stem>.yml``); empty when it has none
    report: ReportConfig = field(default_factory=ReportConfig)


def settings(variant: Variant = "s2tw", overrides: Path = OVERRIDES,
             glossary: Path | None = GLOSSARY, report: ReportConfig | None = None) -> Settings:
    """Read curated data and build the converters, once per build."""
    top_keys(read_text(overrides), str(overrides), ("simplified", "traditional"))
    scripts = make_scripts(
        variant, read_entries(overrides, "simplified"), read_entries(overrides, "traditional")
    )
    check_overrides(scripts)
    entries = tuple(read_entries(glossary)) if glossary else ()
    if glossary and not entries:
        raise DataError("the glossary has no entries", path=glossary, line=1,
                        hint="add entries (see sources/glossary.yml), or remove 'glossary:' "
                        "from the report's config")
    return Settings(scripts, entries, report or ReportConfig())


def settings_for(source: str | Path, variant: Variant | None = None) -> Settings:
    """Settings for one report, from its config next to it (see ``build_tools.config``).

    The glossary is per report: only the one the config names is used (a glossary checks that
    each of its terms occurs in the report). ``variant`` (the command line) wins over the
    config's; the default is s2tw.
    """
    report = config.load_for(source)
    return settings(
        variant=variant or report.variant or "s2tw",
        overrides=report.overrides or OVERRIDES,
        glossary=report.glossary,
        report=report,
    )


STAGE_NAMES = ("load", "clean", "repair", "script", "parse", "verify")


def stages(s: Settings) -> list[tuple[str, Stage]]:
    return [
        ("load", load.load),
        ("clean", functools.partial(clean.clean, report=s.report,
                                    converters=(s.scripts.to_hans, s.scripts.to_hant))),
        ("repair", repair.repair),
        ("script", functools.partial(script.script, scripts=s.scripts)),
        ("parse", parse.parse),
        ("verify", verify.verify),
    ]


def run(source: str | Path = SOURCE, s: Settings | None = None, *, data: bytes | None = None
        ) -> Document:
    """Run every stage on ``source`` (or on ``data``, named ``source``) and return the Document."""
    s = s or settings()
    chain = stages(s)
    assert tuple(name for name, _ in chain) == STAGE_NAMES
    if data is not None:
        value: Any = load.from_bytes(data, str(source))
        chain = chain[1:]
    else:
        value = source
    try:
        for _name, stage in chain:
            value = stage(value)
    except BuildError as err:
        # Every error names the file: a stage that only knew the line gets the source's path.
        if err.path is None:
            err.path = str(source)
        raise
    assert isinstance(value, Document)
    return value

"""The text pipeline: named stages from raw bytes to the :class:`Document`.

``STAGES`` keeps the whole order in one list, as markdown-it-py's core does. Each stage is a
small pure function in the module named after it; only ``load`` reads the disk. What the
stages need besides the text (the converters with their curated corrections, and what the
maintainer gave in the report's config) is passed in, built once per build.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import BuildError
from . import clean, load, parse, repair, script, verify
from .model import Document, Given
from .script import Scripts

Stage = Callable[[Any], Any]
STAGE_NAMES = ("load", "clean", "repair", "script", "parse", "verify")

log = logging.getLogger("build_tools")


def stages(scripts: Scripts, given: Given) -> list[tuple[str, Stage]]:
    return [
        ("load", load.load),
        ("clean", functools.partial(clean.clean, given=given, converters=(scripts.to_hans, scripts.to_hant))),
        ("repair", repair.repair),
        ("script", functools.partial(script.script, scripts=scripts)),
        ("parse", functools.partial(parse.parse, to_hant=scripts.to_hant)),
        ("verify", verify.verify),
    ]


def run(
    source: str | Path, scripts: Scripts, given: Given | None = None, *, data: bytes | None = None
) -> Document:
    """Run every stage on ``source`` (or on ``data``, named ``source``) and return the Document."""
    chain = stages(scripts, given or Given())
    assert tuple(name for name, _ in chain) == STAGE_NAMES
    started = time.perf_counter()
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
    log.debug("text: %s → %s (%.2f s)", source, " → ".join(STAGE_NAMES[1:]), time.perf_counter() - started)
    return value

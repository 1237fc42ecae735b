"""The text pipeline: named stages from raw bytes to the :class:`Document`.

The whole order is kept in named lists, as markdown-it-py keeps its core rules, each stage
typed by what it takes and gives:

    load                      path (or bytes) → Draft
    clean, repair, script     Draft → Draft        (``DRAFT_STAGES``)
    parse                     Draft → Document
    verify                    Document → Document  (``DOCUMENT_STAGES``)

Each stage is a small pure function in the module named after it; only ``load`` reads the
disk. What the stages need besides the text (:class:`Tools`: the converters with their
curated corrections, and what the maintainer gave in the report's config) is built once per
build and passed to each.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BuildError
from . import clean, load, parse, repair, script, verify
from .model import Document, Draft, Given
from .script import Scripts

log = logging.getLogger("build_tools")


@dataclass(frozen=True, slots=True)
class Tools:
    """What the stages need besides the text."""

    scripts: Scripts
    given: Given = field(default_factory=Given)


DraftStage = Callable[[Draft, Tools], Draft]
DocumentStage = Callable[[Document, Tools], Document]


def _clean(draft: Draft, tools: Tools) -> Draft:
    converters = (tools.scripts.to_hans, tools.scripts.to_hant)
    return clean.clean(draft, given=tools.given, converters=converters)


def _repair(draft: Draft, tools: Tools) -> Draft:
    return repair.repair(draft)


def _script(draft: Draft, tools: Tools) -> Draft:
    return script.script(draft, scripts=tools.scripts)


def _parse(draft: Draft, tools: Tools) -> Document:
    return parse.parse(draft, to_hant=tools.scripts.to_hant)


def _verify(doc: Document, tools: Tools) -> Document:
    return verify.verify(doc)


#: The stages from the loaded draft to the parsed one, in order.
DRAFT_STAGES: tuple[tuple[str, DraftStage], ...] = (
    ("clean", _clean),
    ("repair", _repair),
    ("script", _script),
)
#: The stage that reads the draft into a Document.
PARSE: tuple[str, Callable[[Draft, Tools], Document]] = ("parse", _parse)
#: The checks on the Document, in order.
DOCUMENT_STAGES: tuple[tuple[str, DocumentStage], ...] = (("verify", _verify),)
STAGE_NAMES: tuple[str, ...] = (
    "load",
    *(name for name, _ in DRAFT_STAGES),
    PARSE[0],
    *(name for name, _ in DOCUMENT_STAGES),
)


def run(
    source: str | Path, scripts: Scripts, given: Given | None = None, *, data: bytes | None = None
) -> Document:
    """Run every stage on ``source`` (or on ``data``, named ``source``) and return the Document."""
    tools = Tools(scripts, given or Given())
    started = time.perf_counter()
    try:
        draft = load.load(source) if data is None else load.from_bytes(data, str(source))
        for _name, draft_stage in DRAFT_STAGES:
            draft = draft_stage(draft, tools)
        doc = PARSE[1](draft, tools)
        for _name, doc_stage in DOCUMENT_STAGES:
            doc = doc_stage(doc, tools)
    except BuildError as err:
        # Every error names the file: a stage that only knew the line gets the source's path.
        if err.path is None:
            err.path = str(source)
        raise
    log.debug("text: %s → %s (%.2f s)", source, " → ".join(STAGE_NAMES[1:]), time.perf_counter() - started)
    return doc

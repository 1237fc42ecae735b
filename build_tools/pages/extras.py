"""The contract between the pages and the indexes built from the report (glossary, figures,
charts, cited documents): what an index adds, and how the additions are combined.

Report text always reaches a page through a :data:`Decorate` function, which escapes it (and,
with the glossary, marks its terms).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..text.model import Script
from .markdown import escape
from .walk import Translate

__all__ = ["Decorate", "Extras", "Translate", "Where", "merge", "plain"]


@dataclass(frozen=True, slots=True)
class Where:
    """What a decorator knows about the paragraph it marks up."""

    script: Script
    page: str
    anchor: str
    #: source line of the paragraph (0 where unknown)
    line: int = 0


Decorate = Callable[[str, Where], str]


@dataclass(frozen=True, slots=True)
class Extras:
    """What indexes built from the Document (glossary, figures …) add to the pages.

    ``pages``: more pages, ``{"zh-Hans/glossary.md": markdown}``.
    ``after``: Markdown placed after the body of a section (or a chapter's intro), keyed by
    ``(script, anchor)``, e.g. a chart after ``("zh-Hans", "sec-8-3")``.
    ``decorators``: per script, the function that turns paragraph text into Markdown.
    """

    pages: dict[str, str] = field(default_factory=dict)
    after: dict[tuple[Script, str], list[str]] = field(default_factory=dict)
    decorators: dict[Script, Decorate] = field(default_factory=dict)


def plain(text: str, where: Where) -> str:
    return escape(text)


def merge(parts: list[Extras]) -> Extras:
    """Combine the indexes' extras; two decorators for one script are chained in list order."""
    merged = Extras()
    for part in parts:
        for name, page in part.pages.items():
            if name in merged.pages:
                raise ValueError(f"two indexes write {name}")
            merged.pages[name] = page
        for key, blocks in part.after.items():
            merged.after.setdefault(key, []).extend(blocks)
        for script, decorate in part.decorators.items():
            if script in merged.decorators:
                raise ValueError(f"two indexes decorate the {script} text")
            merged.decorators[script] = decorate
    return merged

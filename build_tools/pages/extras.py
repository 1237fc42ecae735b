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

__all__ = ["Decorate", "Extras", "Supplied", "Translate", "Where", "merge", "plain"]


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
class Supplied:
    """A title an index supplies where the report has none (a chart's caption), for the
    editorial notes' list of titles the site added."""

    #: as the page shows it, marked （编者所加）
    title: str
    #: relative link from a page beside it: ``chapter-2.md#fig-1``
    link: str
    #: what it is, one sentence
    note: str


@dataclass(frozen=True, slots=True)
class Extras:
    """What indexes built from the Document (glossary, figures …) add to the pages.

    ``pages``: more pages, ``{"zh-Hans/glossary.md": markdown}``.
    ``after``: Markdown placed after the body of a section (or a chapter's intro), keyed by
    ``(script, anchor)``, e.g. a chart after ``("zh-Hans", "sec-8-3")``.
    ``decorators``: per script, the function that turns paragraph text into Markdown.
    ``supplied``: per script, the titles the index adds that the report does not have.
    """

    pages: dict[str, str] = field(default_factory=dict)
    after: dict[tuple[Script, str], list[str]] = field(default_factory=dict)
    decorators: dict[Script, Decorate] = field(default_factory=dict)
    supplied: dict[Script, list[Supplied]] = field(default_factory=dict)


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
        for script, titles in part.supplied.items():
            merged.supplied.setdefault(script, []).extend(titles)
        for script, decorate in part.decorators.items():
            if script in merged.decorators:
                raise ValueError(f"two indexes decorate the {script} text")
            merged.decorators[script] = decorate
    return merged

"""From the Document to every generated file of ``docs/`` (pure: ``publish.write`` writes).

The report's own pages (``report``, ``notes``), then what each index adds (``INDEXES``:
glossary, figures with their charts, cited documents), then the navigation and the search
dictionary. The pages are checked to hold every paragraph of the report, in order.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path

from ..curated.glossary import iter_terms, parse_glossary
from ..curated.settings import Settings
from ..errors import FidelityError
from ..paths import DEFAULT_OVERRIDES, JIEBA_USER, NAV, SEARCH_TERMS
from ..text import pipeline
from ..text.model import SCRIPTS, Document, Script
from ..text.script import Scripts, traditional_text
from . import documents, figures_page, glossary
from .excerpt import USER_FREQUENCY, Cutter
from .extras import Extras, merge, plain
from .markdown import plain_text
from .nav import nav_file, reading_order, report_pages
from .notes import render_notes
from .report import (
    render_appendix,
    render_chapter,
    render_conclusion,
    render_index,
    render_part,
)
from .search_terms import search_terms
from .source import About, table_name
from .walk import Translate
from .wording import taiwan


def translators(scripts: Scripts) -> dict[Script, Translate]:
    """Our own labels are written in Simplified; Traditional ones take the report's path, then
    Taiwan's words for the site's own vocabulary (:mod:`wording`)."""

    # The same few labels (a table's headers, a category's name) are asked for once a row.
    @functools.lru_cache(maxsize=4096)
    def hant(text: str) -> str:
        return taiwan(traditional_text(text, scripts))

    return {"zh-Hans": lambda text: text, "zh-Hant": hant}


# Indexes built from the Document; each returns the pages and inserts it adds (Extras).
Index = Callable[[Document, dict[Script, Translate], Settings], Extras]
INDEXES: list[Index] = [glossary.extras, figures_page.extras, documents.extras]


def render(
    doc: Document,
    translators: dict[Script, Translate],
    extras: Extras | None = None,
    about: About | None = None,
    *,
    ids: bool = False,
) -> dict[str, str]:
    """All pages of both scripts: ``{"zh-Hans/chapter-1.md": markdown, …}``. ``ids``: every
    paragraph gets an anchor of its own (``walk.paragraph_anchors``), as a library's reports
    do; a single report's pages keep only their sections' anchors."""
    extras, about = extras or Extras(), about or About()
    pages: dict[str, str] = {}
    for script in SCRIPTS:
        tr = translators[script]
        decorate = extras.decorators.get(script, plain)
        report = doc.report(script)
        cut = about.cutter
        pages[f"{script}/index.md"] = render_index(doc, script, tr, decorate, cut, ids=ids)
        for part in report.parts:
            pages[f"{script}/{part.slug}.md"] = render_part(doc, script, part.number, decorate, cut, ids=ids)
        for chapter in report.chapters:
            pages[f"{script}/{chapter.slug}.md"] = render_chapter(
                doc, script, chapter.number, decorate, extras.after, cut, ids=ids
            )
        if report.closing:
            pages[f"{script}/conclusion.md"] = render_conclusion(doc, script, tr, decorate, cut, ids=ids)
        for a in report.appendices:
            pages[f"{script}/{a.slug}.md"] = render_appendix(doc, script, a.number, decorate, cut, ids=ids)
        pages[f"{script}/editorial-notes.md"] = render_notes(
            doc, script, tr, about, extras.supplied.get(script, [])
        )
    pages.update(extras.pages)
    check_pages(doc, pages)
    return pages


def about(settings: Settings) -> About:
    """What the notes say besides the Document, from the report's config and curated data."""
    config = settings.report
    table = settings.scripts.overrides[0].path if settings.scripts.overrides else ""
    return About(
        provenance=config.provenance,
        given=config.given,
        overrides=table_name(table or config.overrides or DEFAULT_OVERRIDES, config.path),
        cutter=Cutter(dictionary_words(settings)),
    )


def pages(doc: Document, settings: Settings, *, ids: bool = False) -> dict[str, str]:
    tr = translators(settings.scripts)
    extras = merge([index(doc, tr, settings) for index in INDEXES])
    return render(doc, tr, extras, about(settings), ids=ids)


def _squash(text: str) -> str:
    return re.sub(r"[\s\u3000]", "", text)


def check_pages(doc: Document, pages: dict[str, str]) -> None:
    """Fidelity: the pages' text, Markdown removed, holds every paragraph in order."""
    for script in SCRIPTS:
        report = doc.report(script)
        order = [name.removesuffix(".md") for name in report_pages(report)]
        text = "".join(
            _squash(plain_text(pages[f"{script}/{p}.md"])) for p in order if f"{script}/{p}.md" in pages
        )
        pos = 0
        for paragraph, line in report.paragraphs():
            found = text.find(_squash(paragraph), pos)
            if found < 0:
                raise FidelityError(
                    f"the {script} pages do not show this paragraph (or not in order)",
                    path=doc.path,
                    line=line,
                    hint="a renderer or decorator lost text: a bug in build_tools",
                )
            pos = found + len(_squash(paragraph))


def dictionary_words(settings: Settings) -> list[str]:
    """The words jieba keeps whole in this report (Simplified): the curated search words and
    the glossary's short terms. The search and the excerpts cut the text with them."""
    words = list(settings.search_words)
    if settings.glossary:
        terms = parse_glossary(settings.glossary)
        words += [f for f, _ in iter_terms(terms) if len(f) <= 6]
    return words


def search_dictionary(settings: Settings) -> str:
    """jieba's user dictionary for the search index: :func:`dictionary_words` in both scripts
    (``word frequency`` per line; a high frequency keeps them whole)."""
    hant = translators(settings.scripts)["zh-Hant"]
    both = dict.fromkeys(w for word in dictionary_words(settings) for w in (word, hant(word)))
    return "".join(f"{w} {USER_FREQUENCY}\n" for w in both)


def docs_tree(doc: Document, settings: Settings, *, paragraph_ids: bool = False) -> dict[str, str]:
    """Everything ``docs/`` holds: the pages of both scripts, the navigation, the search
    dictionary and the search's reader words."""
    files = pages(doc, settings, ids=paragraph_ids)
    order = reading_order(doc.hans, [name.split("/", 1)[1] for name in files if name.startswith("zh-Hans/")])
    files[NAV] = nav_file(order)
    files[JIEBA_USER] = search_dictionary(settings)
    files[SEARCH_TERMS] = search_terms(doc, settings)
    return files


def generate(
    source: str | Path, settings: Settings, *, paragraph_ids: bool = False
) -> tuple[Document, dict[str, str]]:
    """The report at ``source`` through the text pipeline, and its ``docs/`` files
    (``paragraph_ids``: see :func:`render`)."""
    doc = pipeline.run(source, settings.scripts, settings.report.given)
    return doc, docs_tree(doc, settings, paragraph_ids=paragraph_ids)

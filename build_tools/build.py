"""From the raw report to every generated file of ``docs/`` (pure; ``write`` writes them)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import charts, documents, figures_page, glossary, pipeline
from .model import SCRIPTS, Document, Line, Script
from .render import Extras, Translate, render
from .script import Scripts, to_traditional


def translators(scripts: Scripts) -> dict[Script, Translate]:
    """Our own labels are written in Simplified; Traditional ones take the report's path."""

    def hant(text: str) -> str:
        return to_traditional(Line(0, text), scripts)[0].text

    return {"zh-Hans": lambda text: text, "zh-Hant": hant}


# Indexes built from the Document; each returns the pages and inserts it adds (render.Extras).
# Signature: (doc, translators, settings) -> Extras. Add new ones here.
Index = Callable[[Document, dict[Script, Translate], pipeline.Settings], Extras]
INDEXES: list[Index] = [glossary.extras, figures_page.extras, charts.extras, documents.extras]


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


def pages(doc: Document, settings: pipeline.Settings) -> dict[str, str]:
    tr = translators(settings.scripts)
    return render(doc, tr, merge([index(doc, tr, settings) for index in INDEXES]))


SEARCH_WORDS = pipeline.ROOT / "sources" / "search-words.txt"
#: in docs/, beside the two scripts' pages (outside either docs_dir)
JIEBA_USER = "jieba-user.txt"


def search_dictionary(doc: Document, settings: pipeline.Settings, extra: str) -> str:
    """jieba's user dictionary for the search index: curated words and the glossary's short
    terms, in both scripts (``word frequency`` per line; a high frequency keeps them whole)."""
    words = [w.strip() for w in extra.splitlines() if w.strip() and not w.startswith("#")]
    if settings.glossary:
        terms = glossary.parse_glossary(settings.glossary)
        words += [f for f, _ in glossary.iter_terms(terms) if len(f) <= 6]
    hant = translators(settings.scripts)["zh-Hant"]
    both = dict.fromkeys(w for word in words for w in (word, hant(word)))
    return "".join(f"{w} 100000\n" for w in both)


def summary(doc: Document) -> dict[str, Any]:
    rules = Counter(c.rule for c in doc.changes if c.kind == "repair")
    kinds = Counter(c.kind for c in doc.changes)
    return {
        "source": doc.path,
        "encoding": doc.encoding,
        "title": doc.meta_hans.title,
        "published": doc.meta_hans.published,
        "source_office": doc.meta_hans.source_office,
        "chapters": len(doc.hans.chapters),
        "sections": len(doc.hans.sections()),
        "repairs": sum(rules.values()),
        "repairs_by_rule": dict(sorted(rules.items())),
        "changes_by_kind": dict(sorted(kinds.items())),
        "warnings": [f"{doc.path}:{n.line}: {n.message}" for n in doc.notices],
    }


def generate(source: str | Path, settings: pipeline.Settings | None = None
             ) -> tuple[Document, dict[str, str]]:
    settings = settings or pipeline.settings()
    doc = pipeline.run(source, settings)
    return doc, pages(doc, settings)


def docs_tree(source: str | Path, settings: pipeline.Settings) -> tuple[Document, dict[str, str]]:
    """Everything ``docs/`` holds: the pages of both scripts and the search dictionary."""
    doc, files = generate(source, settings)
    words = SEARCH_WORDS.read_text(encoding="utf-8")
    files[JIEBA_USER] = search_dictionary(doc, settings, words)
    return doc, files


__all__ = ["SCRIPTS", "generate", "pages", "summary", "translators"]

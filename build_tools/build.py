"""From the raw report to every generated file of ``docs/`` (pure; ``write`` writes them)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from . import pipeline
from .model import SCRIPTS, Document, Line, Script
from .render import Translate, render
from .script import Scripts, to_traditional


def translators(scripts: Scripts) -> dict[Script, Translate]:
    """Our own labels are written in Simplified; Traditional ones take the report's path."""

    def hant(text: str) -> str:
        return to_traditional(Line(0, text), scripts)[0].text

    return {"zh-Hans": lambda text: text, "zh-Hant": hant}


def pages(doc: Document, settings: pipeline.Settings) -> dict[str, str]:
    return render(doc, translators(settings.scripts))


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


__all__ = ["SCRIPTS", "generate", "pages", "summary", "translators"]

"""What the pipeline found in a report, as data for ``gov-report summary`` and ``--json``."""

from __future__ import annotations

from collections import Counter
from typing import Any

from .model import Document


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

"""The glossary's entries (``glossary.yml``, named by a report's config): validated here, at
their lines; matched against the report and rendered in ``pages/glossary.py``.

Entries are written once, in Simplified; the Traditional forms are read off the report."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .reader import Entry, check_keys, excerpt, optional_list, require_str

CATEGORIES = {
    "program": "工作项目",
    "mechanism": "制度机制",
    "platform": "平台与系统",
    "institution": "机构",
    "slogan": "提法与口号",
    "document": "文件",
}
#: the keys of a glossary entry
ENTRY_KEYS = ("id", "term", "variants", "category", "definition", "related")
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True, slots=True)
class Term:
    id: str
    term: str
    variants: tuple[str, ...]
    category: str
    definition: str
    related: tuple[str, ...]
    line: int

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.term, *self.variants)


def parse_glossary(entries: Sequence[Entry]) -> list[Term]:
    """Validate the entries' shape (ids, categories, duplicates, related ids)."""
    terms: list[Term] = []
    ids: dict[str, int] = {}
    forms: dict[str, int] = {}
    for e in entries:
        check_keys(e, ENTRY_KEYS)
        tid = require_str(e, "id")
        if not _ID.match(tid):
            raise e.error(
                f"id {excerpt(tid)} must be lowercase ASCII words joined by '-'",
                "id",
                hint="ids are part of URLs (glossary/#id); use e.g. hotline-12345",
            )
        if tid in ids:
            raise e.error(
                f"duplicate id {excerpt(tid)} (first at line {ids[tid]})",
                "id",
                hint="give each entry its own id",
            )
        ids[tid] = e.line
        term = require_str(e, "term")
        variants = optional_list(e, "variants")
        for form in (term, *variants):
            if form in forms:
                raise e.error(
                    f"duplicate term {excerpt(form)} (first at line {forms[form]})",
                    "term" if form == term else "variants",
                    hint="a spelling belongs to one entry only",
                )
            forms[form] = e.line_of("term")
        category = require_str(e, "category")
        if category not in CATEGORIES:
            raise e.error(
                f"unknown category {excerpt(category)}; expected one of {', '.join(CATEGORIES)}",
                "category",
                hint="use one of these categories; check the spelling",
            )
        definition = re.sub(r"\s+", "", require_str(e, "definition"))
        terms.append(
            Term(tid, term, tuple(variants), category, definition, tuple(optional_list(e, "related")), e.line)
        )
    by_id = {t.id: t for t in terms}
    for t, e in zip(terms, entries, strict=False):
        for rid in t.related:
            if rid not in by_id:
                raise e.error(
                    f"related id {excerpt(rid)} does not exist",
                    "related",
                    hint="use the id of another entry in this file",
                )
            if rid == t.id:
                raise e.error(
                    "an entry cannot be related to itself", "related", hint="remove its own id from 'related'"
                )
    return terms


def iter_terms(terms: Sequence[Term]) -> Iterator[tuple[str, str]]:
    for t in terms:
        for f in t.forms:
            yield f, t.id

"""The glossary's entries (``glossary.yml``, named by a report's config): validated here, at
their lines; matched against the report and rendered in ``pages/glossary.py``.

Entries are written once, in Simplified; the Traditional forms are read off the report.
``aliases`` are words readers type for the term that the report does not use (in either
script), and ``english`` its name in English: the search leads both to the term
(``pages/search_terms.py``)."""

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
ENTRY_KEYS = ("id", "term", "variants", "aliases", "english", "category", "definition", "related")
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# An English name: printable ASCII with at least one letter (the search cuts it into words).
_ENGLISH = re.compile(r"^(?=.*[A-Za-z])[ -~]+$")


@dataclass(frozen=True, slots=True)
class Term:
    id: str
    term: str
    variants: tuple[str, ...]
    category: str
    definition: str
    related: tuple[str, ...]
    line: int
    #: reader words that lead to the term (not the report's spelling)
    aliases: tuple[str, ...] = ()
    #: the term's name in English ("" when none is given)
    english: str = ""

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
        related = tuple(optional_list(e, "related"))
        terms.append(
            Term(tid, term, tuple(variants), category, definition, related, e.line, _aliases(e), _english(e))
        )
    _check_aliases(terms, entries, forms)
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


def _english(e: Entry) -> str:
    """An entry's English name, or "" when it has none."""
    english = require_str(e, "english") if "english" in e.values else ""
    if english and not _ENGLISH.match(english):
        raise e.error(
            f"'english' must be plain English text, got {excerpt(english)}",
            "english",
            hint="write the name in ASCII letters, e.g. english: government service hotline",
        )
    return english


def _aliases(e: Entry) -> tuple[str, ...]:
    """An entry's aliases, each once."""
    aliases = optional_list(e, "aliases")
    for i, alias in enumerate(aliases):
        if alias in aliases[:i]:
            raise e.error(f"the alias {excerpt(alias)} is given twice", "aliases", hint="keep one of them")
    return tuple(aliases)


def _check_aliases(terms: Sequence[Term], entries: Sequence[Entry], forms: dict[str, int]) -> None:
    """An alias leads to one entry only, and is no term's spelling (also a later entry's)."""
    owner: dict[str, int] = {}
    for t, e in zip(terms, entries, strict=False):
        for alias in t.aliases:
            if alias in forms:
                raise e.error(
                    f"the alias {excerpt(alias)} is the term of the entry at line {forms[alias]}",
                    "aliases",
                    hint="aliases are reader words the report does not use; remove it",
                )
            if alias in owner:
                raise e.error(
                    f"the alias {excerpt(alias)} is already an alias at line {owner[alias]}",
                    "aliases",
                    hint="an alias leads to one entry; for several, use the reader-words file",
                )
            owner[alias] = e.line_of("aliases")


def iter_terms(terms: Sequence[Term]) -> Iterator[tuple[str, str]]:
    for t in terms:
        for f in t.forms:
            yield f, t.id

"""Readers' words for the index: ``docs/search-terms.json`` (curated, ``pages/search_terms.py``)
read, folded the way the text is, and merged into one table of expansions.

A reader word written in either script folds to the same key as a query typed in either
script; English words are compared in lower case with a plural's s dropped (``stem``, the same
rule as search.js). What reaches the index:

* ``x``: ``[key, [report words]]``, sorted by key: the phrasings, the glossary's aliases and
  the words of its English names, merged where two lead from the same key;
* ``ig``: the words a query drops.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import BuildError
from .fold import fold_text

#: an English word's plural: the same rule as pages/search_terms.stem and search.js
MIN_STEM = 4


@dataclass(frozen=True, slots=True)
class QueryWords:
    """Folded readers' words of one script's index."""

    ignore: tuple[str, ...] = ()
    #: key (folded, or lower-case stemmed English) → report words (folded)
    expand: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def characters(self) -> set[str]:
        """Every character the curated words hold: the folding table must cover them."""
        chars = {c for word in self.ignore for c in word}
        for key, words in self.expand.items():
            chars.update(key)
            chars.update(c for w in words for c in w)
        return chars


def stem(word: str) -> str:
    return word[:-1] if len(word) >= MIN_STEM and word.endswith("s") and not word.endswith("ss") else word


def is_latin(word: str) -> bool:
    return word.isascii()


def normal(word: str, table: Mapping[str, str]) -> str:
    """A reader word as search.js compares it."""
    if is_latin(word):
        return " ".join(stem(w) for w in word.lower().split())
    return fold_text(word, table)


def read_terms(path: Path | None) -> QueryWords:
    """The file ``pages/search_terms.py`` wrote, unfolded; nothing when there is none (a
    project without curated reader words)."""
    if path is None or not path.is_file():
        return QueryWords()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        ignore = tuple(str(w) for w in data["ignore"])
        rows = [(str(k), tuple(str(w) for w in ws)) for k, ws, *_ in data["expand"]]
        rows += [(str(k), tuple(str(w) for w in ws)) for k, ws in data["english"]]
    except (ValueError, KeyError, TypeError) as err:
        raise BuildError(
            f"the search's reader words are damaged: {err}",
            path=path,
            hint="run `gov-report build` (make docs) to write the file again",
        ) from None
    expand: dict[str, tuple[str, ...]] = {}
    for key, words in rows:
        expand[key] = tuple(dict.fromkeys((*expand.get(key, ()), *words)))
    return QueryWords(ignore, expand)


def fold_terms(words: QueryWords, table: Mapping[str, str]) -> QueryWords:
    """Keys and report words folded with a site's table; keys that fold alike merge."""
    expand: dict[str, tuple[str, ...]] = {}
    for key in sorted(words.expand):
        folded = normal(key, table)
        targets = (fold_text(w, table) for w in words.expand[key])
        expand[folded] = tuple(dict.fromkeys((*expand.get(folded, ()), *targets)))
    ignore = tuple(dict.fromkeys(normal(w, table) for w in words.ignore))
    return QueryWords(ignore, dict(sorted(expand.items())))

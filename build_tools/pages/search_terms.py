"""What the search must know about readers' words, from curated data: ``docs/search-terms.json``.

Written with the pages (``make docs``, committed, reviewed in the diff) and read by the
search step (``publish/search/terms.py``), which folds it, adds pinyin and puts it into each
script's index. Three lists:

* ``expand``: a reader word and the report words it leads to, with where it was written
  (``reader-words.yml:20`` or ``glossary.yml:215``). From the reader-words file's phrasings
  and the glossary's aliases (an alias leads to the term and its variants).
* ``english``: an English word of a glossary entry's English name and the entry's term (and
  variants); ``hotline`` leads to 12345政府服务热线.
* ``ignore``: words a query drops (吗, 怎么, what).

Checked here, because only here is the report at hand: every report word of a phrasing
occurs in the report, and no Chinese reader word does (a reader typing it finds it already;
an expansion would only add noise). Errors name the curated file and line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence

from ..curated.glossary import Term, parse_glossary
from ..curated.phrasings import reader_word
from ..curated.reader import Entry, excerpt
from ..curated.settings import Settings
from ..errors import DataError
from ..text.model import Document

# Words of an English name: ASCII letters and digits (hyphens and spaces split them).
_WORD = re.compile(r"[a-z0-9]+")
# A reader word with a Han character (checked against the report; English ones are not).
_HAN = re.compile(r"[\u3400-\u9fff]")


def stem(word: str) -> str:
    """The form English words are compared in: a plural's s dropped (search.js does the same)."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def english_words(name: str, ignore: set[str]) -> list[str]:
    """The words of an English name that can lead to its term."""
    return [stem(w) for w in _WORD.findall(name.lower()) if w not in ignore]


def _alias_entries(settings: Settings) -> Iterator[tuple[Term, Entry]]:
    if settings.glossary:
        yield from zip(parse_glossary(settings.glossary), settings.glossary, strict=True)


def _refuse_reported(word: str, text: str, path: str, line: int) -> None:
    if _HAN.search(word) and word in text:
        raise DataError(
            f"the report itself says {excerpt(word)}, so it needs no reader word",
            path=path,
            line=line,
            hint="a reader word is one the report does not use; remove it",
        )


def expansions(settings: Settings, text: str) -> list[list[object]]:
    """``[reader word, [report words], "file:line"]`` for every phrasing and alias, checked."""
    rows: list[list[object]] = []
    words = settings.reader_words
    for p in words.phrasings:
        for word in p.report:
            if word not in text:
                raise DataError(
                    f"the report never says {excerpt(word)}",
                    path=words.path,
                    line=p.line,
                    hint="report words are the report's own spelling (Simplified); fix or remove it",
                )
        for word in p.reader:
            _refuse_reported(word, text, words.path, p.line)
            rows.append([word, list(p.report), f"{_name(words.path)}:{p.line}"])
    for term, entry in _alias_entries(settings):
        line = entry.line_of("aliases")
        for alias in term.aliases:
            _refuse_reported(alias, text, entry.path, line)
            rows.append([reader_word(alias), list(term.forms), f"{_name(entry.path)}:{line}"])
    return sorted(rows, key=lambda row: str(row[0]))


def english(terms: Sequence[Term], ignore: set[str]) -> list[list[object]]:
    """``[English word, [terms]]``: each word of the glossary's English names, sorted."""
    found: dict[str, dict[str, None]] = {}
    for term in terms:
        for word in english_words(term.english, ignore):
            found.setdefault(word, {}).update(dict.fromkeys(term.forms))
    return [[word, list(found[word])] for word in sorted(found)]


def _name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def search_terms(doc: Document, settings: Settings) -> str:
    """The JSON file's text (sorted, one row a line: a readable diff)."""
    text = "\n".join(line.text for line in doc.hans_lines)
    ignore = list(settings.reader_words.ignore)
    terms = [t for t, _ in _alias_entries(settings)]
    lists: dict[str, Sequence[object]] = {
        "ignore": ignore,
        "expand": expansions(settings, text),
        "english": english(terms, set(ignore)),
    }
    return "{\n" + ",\n".join(_rows(key, rows) for key, rows in lists.items()) + "\n}\n"


def _rows(key: str, rows: Sequence[object]) -> str:
    """One list of the file, a row a line."""
    lines = ",\n".join(f"    {json.dumps(row, ensure_ascii=False)}" for row in rows)
    return f"  {json.dumps(key)}: [\n{lines}\n  ]" if rows else f"  {json.dumps(key)}: []"

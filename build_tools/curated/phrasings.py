"""Reader words: how readers ask for what the report names otherwise (``reader_words:`` in a
report's config), validated here with the line of every entry.

The file is a mapping of two lists::

    ignore: [吗, 怎么, 多少, what, how]   # words of a question that name no topic
    phrasings:
      - reader: [开公司, 注册公司]          # what readers type: either script, or English
        report: [企业开办]                  # the report's own words (Simplified, in its text)

The search reads the phrasings as expansions (a query's 开公司 also looks for 企业开办, below
an exact match, and says so) and drops the ignored words from a query before matching.
``pages/search_terms.py`` checks that every report word occurs in the report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import DataError
from .reader import (
    Entry,
    check_keys,
    compose,
    excerpt,
    optional_list,
    parse_entries,
    plain,
    read_text,
    top_keys,
)

TOP_KEYS = ("ignore", "phrasings")
ENTRY_KEYS = ("reader", "report")
# What a reader word may hold besides CJK: ASCII letters, digits, spaces, % and a few marks
# readers type ("legal aid", "12345", "100%"); it is kept in lower case.
_ASCII = re.compile(r"^[ -~]+$")


@dataclass(frozen=True, slots=True)
class Phrasing:
    """Reader words and the report words they lead to."""

    reader: tuple[str, ...]
    report: tuple[str, ...]
    line: int


@dataclass(frozen=True, slots=True)
class ReaderWords:
    path: str = ""
    ignore: tuple[str, ...] = ()
    phrasings: tuple[Phrasing, ...] = ()
    #: the line of each ignored word
    ignore_lines: tuple[int, ...] = ()


def reader_word(word: str) -> str:
    """A reader word as the search compares it: ASCII in lower case, spaces collapsed."""
    return " ".join(word.lower().split()) if _ASCII.match(word) else word


def _ignore(root: yaml.Node | None, path: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
    if not isinstance(root, yaml.MappingNode):
        return (), ()
    node = next((v for k, v in root.value if k.value == "ignore"), None)
    if node is None or (isinstance(node, yaml.ScalarNode) and plain(node) is None):
        return (), ()
    if not isinstance(node, yaml.SequenceNode):
        raise DataError(
            "'ignore' must be a list of words",
            path=path,
            line=node.start_mark.line + 1,
            hint="write it as ignore: [吗, 怎么, what]",
        )
    words: list[str] = []
    lines: list[int] = []
    for item in node.value:
        value = plain(item)
        line = item.start_mark.line + 1
        if not isinstance(value, str) or not value.strip():
            raise DataError(
                f"an ignored word must be a non-empty text, got {excerpt(value)}",
                path=path,
                line=line,
                hint="write each word as text",
            )
        word = reader_word(value.strip())
        if word in words:
            raise DataError(
                f"the word {excerpt(word)} is ignored twice", path=path, line=line, hint="keep one"
            )
        words.append(word)
        lines.append(line)
    return tuple(words), tuple(lines)


def _phrasing(e: Entry, seen: dict[str, int], ignored: set[str]) -> Phrasing:
    check_keys(e, ENTRY_KEYS)
    for key in ENTRY_KEYS:
        if not optional_list(e, key):
            raise e.error(f"the entry has no '{key}' words", key, hint=f"write it as {key}: [a, b]")
    reader = tuple(reader_word(w) for w in optional_list(e, "reader"))
    for word in reader:
        if word in seen:
            raise e.error(
                f"the reader word {excerpt(word)} is already at line {seen[word]}",
                "reader",
                hint="a reader word belongs to one entry: list all its report words there",
            )
        if word in ignored:
            raise e.error(
                f"the reader word {excerpt(word)} is also in 'ignore'",
                "reader",
                hint="remove it from one of the two",
            )
        seen[word] = e.line_of("reader")
    report = tuple(optional_list(e, "report"))
    for word in report:
        if word in reader:
            raise e.error(
                f"{excerpt(word)} is both a reader word and a report word",
                "report",
                hint="a reader word is one the report does not use; remove it from 'reader'",
            )
    return Phrasing(reader, report, e.line)


def parse_reader_words(text: str, path: str) -> ReaderWords:
    """Validate a reader-words file: every problem names its line."""
    top_keys(text, path, TOP_KEYS)
    root = compose(text, path)
    if root is not None and not isinstance(root, yaml.MappingNode):
        raise DataError(
            "expected a mapping with 'ignore:' and 'phrasings:'",
            path=path,
            line=root.start_mark.line + 1,
            hint="start the file with ignore: [...] and phrasings: followed by '- reader:' entries",
        )
    ignore, lines = _ignore(root, path)
    seen: dict[str, int] = {}
    phrasings = tuple(_phrasing(e, seen, set(ignore)) for e in parse_entries(text, path, "phrasings"))
    return ReaderWords(path, ignore, phrasings, lines)


def read_reader_words(path: str | Path) -> ReaderWords:
    return parse_reader_words(read_text(path), str(path))

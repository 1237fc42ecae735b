"""Read curated YAML data (glossary, overrides, figure labels, report configs) safely, keeping
the line of every entry and field.

YAML is data here, never instructions, and a file may be hostile or simply wrong:

* anchors and aliases are refused (an "alias bomb" of nested references would expand to
  gigabytes), and so are explicit tags (``!!python/object``: SafeLoader would refuse them
  anyway, but with a traceback);
* nesting deeper than :data:`MAX_DEPTH` and files larger than :data:`MAX_BYTES` are refused;
* scalars stay strings unless they are plain numbers or booleans: a date is validated by
  the code that reads it (``2021-02-30`` is an error at its line, not a traceback);
* characters that are never text (controls, bidirectional overrides, U+FFFE) are refused,
  typed or written as an escape (``"\u202e"``);
* every error names ``file:line``, and quotes at most a short excerpt of a value.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import DataError
from ..text.chars import describe, invisible

#: how deep mappings and lists may nest in a curated file (the deepest real one has 3)
MAX_DEPTH = 8
#: the size of a curated file; the glossary, the largest, is about 30 KB
MAX_BYTES = 1_000_000
#: characters of a value quoted in an error message
EXCERPT = 40

_STR = "tag:yaml.org,2002:str"
_ALLOWED_TAGS = frozenset(
    (
        _STR,
        "tag:yaml.org,2002:int",
        "tag:yaml.org,2002:float",
        "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:null",
        "tag:yaml.org,2002:seq",
        "tag:yaml.org,2002:map",
    )
)


def excerpt(value: object, limit: int = EXCERPT) -> str:
    """A value as an error message shows it: repr, cut to ``limit`` characters."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


#: YAML 1.1 types that SafeLoader resolves from plain text and we read as text: timestamps
#: (a date is validated by the code that reads it), ``=`` (the "value" key, which SafeLoader
#: cannot construct) and ``<<`` (the merge key, which copies one mapping into another)
_AS_TEXT = frozenset(("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:value", "tag:yaml.org,2002:merge"))
_INT = "tag:yaml.org,2002:int"
#: the most digits Python turns into an int (``sys.get_int_max_str_digits``)
_MAX_DIGITS = sys.get_int_max_str_digits() or 4300


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses anchors, aliases, tags, deep nesting and numbers too long for
    Python while composing, and resolves timestamps, ``=`` and ``<<`` as text."""

    yaml_implicit_resolvers = {  # noqa: RUF012  (PyYAML's own class attribute)
        first: [(tag, regexp) for tag, regexp in resolvers if tag not in _AS_TEXT]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream: str, path: str) -> None:
        super().__init__(stream)
        self.path = path
        self.depth = 0

    def _refuse(self, mark: Any, message: str, hint: str) -> DataError:
        return DataError(message, path=self.path, line=mark.line + 1 if mark else 1, hint=hint)

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent):
            raise self._refuse(
                event.start_mark,
                f"an alias (*{excerpt(event.anchor)}) is not allowed here",
                "write the value out in full instead of referring to an anchor",
            )
        if getattr(event, "anchor", None):
            raise self._refuse(
                event.start_mark,
                "an anchor (&…) is not allowed here",
                "remove the anchor; write every value out in full",
            )
        tag = getattr(event, "tag", None)
        if tag not in (None, "!") and tag not in _ALLOWED_TAGS:
            raise self._refuse(
                event.start_mark,
                f"the tag {excerpt(tag)} is not allowed",
                "remove the tag: values are plain text, numbers, lists and mappings",
            )
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self._refuse(
                event.start_mark,
                f"the data nests deeper than {MAX_DEPTH} levels",
                "keep to the documented layout of this file",
            )
        try:
            node = super().compose_node(parent, index)
        finally:
            self.depth -= 1
        if isinstance(node, yaml.ScalarNode):  # an escape ("\u202e", "\N") hides one
            for _, c in invisible(node.value):
                raise self._refuse(
                    node.start_mark,
                    f"a value holds an invisible character ({describe(c)}), written as an escape",
                    "remove the escape sequence from the value",
                )
            digits = sum(c.isdigit() for c in node.value) if node.tag == _INT else 0
            if digits > _MAX_DIGITS:
                raise self._refuse(
                    node.start_mark,
                    f"a number of {digits} digits is longer than any value here",
                    "write the value the file expects; put it in quotes if it is text",
                )
        return node


def compose(text: str, path: str) -> yaml.Node | None:
    """The YAML node tree of ``text`` (marks give lines); every problem names its line."""
    if len(text) > MAX_BYTES:
        raise DataError(
            f"the file is {len(text) // 1000} KB; curated data is far smaller "
            f"(the limit is {MAX_BYTES // 1000} KB)",
            path=path,
            line=1,
            hint="check that this is the right file",
        )
    for no, line in enumerate(text.split("\n"), start=1):
        for at, c in invisible(line.replace("\r", "")):
            if at == 0 and no == 1 and c == "\ufeff":
                continue  # a byte-order mark opening the file
            raise DataError(
                f"column {at + 1} holds an invisible character ({describe(c)})",
                path=path,
                line=no,
                hint="delete it (retype the text around it if unsure)",
            )
    loader = _Loader(text, path)
    try:
        return loader.get_single_node()
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise DataError(
            f"this is not valid YAML: {getattr(err, 'problem', None) or 'syntax error'}",
            path=path,
            line=mark.line + 1 if mark else 1,
            hint="fix the YAML syntax (indentation, quotes, a missing colon)",
        ) from None
    finally:
        loader.dispose()


def plain(node: yaml.Node) -> Any:
    """The Python value of a node that :func:`compose` accepted (an empty value is ``None``)."""
    loader = _Loader("", "")
    try:
        return loader.construct_document(node)
    finally:
        loader.dispose()


def read_text(path: str | Path) -> str:
    """A curated file's text, or an error that says what is wrong with the file."""
    p = Path(path)
    try:
        if p.is_file() and p.stat().st_size > MAX_BYTES:
            raise DataError(
                f"the file is {p.stat().st_size // 1000} KB; curated data is far "
                f"smaller (the limit is {MAX_BYTES // 1000} KB)",
                path=p,
                line=1,
                hint="check that this is the right file",
            )
        data = p.read_bytes()
    except FileNotFoundError:
        raise DataError(
            "no such file", path=p, hint="check the path (or restore the file from git)"
        ) from None
    except IsADirectoryError:
        raise DataError("this is a folder, not a file", path=p, hint="name the YAML file") from None
    except OSError as err:
        raise DataError(
            f"cannot read the file: {err.strerror}", path=p, hint="check the file's permissions"
        ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise DataError(
            f"not UTF-8 ({err.reason})", path=p, line=line, hint="save the file as UTF-8"
        ) from None


def read_words(path: str | Path) -> tuple[str, ...]:
    """A list of words, one a line (the search's ``search_words``): blank lines and ``#``
    comments are skipped; a word holds no space and no invisible character (a NUL byte, a
    control), which would break the search's dictionary line it becomes."""
    words: list[str] = []
    for no, line in enumerate(read_text(path).splitlines(), start=1):
        word = line.strip()
        if not word or word.startswith("#"):
            continue
        for _, c in invisible(word):  # (read_text has taken a byte-order mark off)
            raise DataError(
                f"the word holds an invisible character ({describe(c)})",
                path=path,
                line=no,
                hint="delete it (retype the word if unsure)",
            )
        if any(c.isspace() for c in word):
            raise DataError(
                f"{excerpt(word)} holds a space; the list takes one word a line",
                path=path,
                line=no,
                hint="put each word on a line of its own",
            )
        words.append(word)
    return tuple(words)


@dataclass(frozen=True, slots=True)
class Entry:
    """One mapping from a YAML list, with the line of the entry and of each of its keys."""

    path: str
    line: int
    values: dict[str, Any]
    lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)

    def error(self, message: str, key: str | None = None, hint: str | None = None) -> DataError:
        return DataError(message, path=self.path, line=self.line_of(key) if key else self.line, hint=hint)


def _entry(item: yaml.Node, path: str) -> Entry:
    line = item.start_mark.line + 1
    if not isinstance(item, yaml.MappingNode):
        raise DataError(
            "each entry must be a mapping of keys to values",
            path=path,
            line=line,
            hint="write the entry as lines of 'key: value' under its '- '",
        )
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for key_node, value_node in item.value:
        key = plain(key_node)
        key_line = key_node.start_mark.line + 1
        if not isinstance(key, str):
            raise DataError(
                f"the key {excerpt(key)} is not a name",
                path=path,
                line=key_line,
                hint="keys are words such as 'term:'",
            )
        if key in values:
            raise DataError(
                f"the key '{excerpt(key)[1:-1]}' is given twice in this entry",
                path=path,
                line=key_line,
                hint="keep one of them",
            )
        values[key] = plain(value_node)
        lines[key] = key_line
    return Entry(path, line, values, lines)


def parse_entries(text: str, path: str, section: str | None = None) -> list[Entry]:
    """Parse a YAML list of mappings (or the list under ``section`` of a top-level mapping)."""
    root = compose(text, path)
    if root is None:
        return []
    if section is not None:
        if not isinstance(root, yaml.MappingNode):
            raise DataError(
                "expected a mapping at the top", path=path, line=1, hint=f"put the entries under '{section}:'"
            )
        found = [v for k, v in root.value if k.value == section]
        if not found:
            return []
        root = found[0]
        if isinstance(root, yaml.ScalarNode) and plain(root) is None:
            return []
    if not isinstance(root, yaml.SequenceNode):
        raise DataError(
            "expected a list of entries (lines starting with '- ')",
            path=path,
            line=root.start_mark.line + 1,
            hint="start every entry with '- ' at the same indentation",
        )
    return [_entry(item, path) for item in root.value]


def top_keys(text: str, path: str, allowed: Iterable[str]) -> None:
    """Refuse a top-level key of a mapping file that is not in ``allowed``."""
    root = compose(text, path)
    if not isinstance(root, yaml.MappingNode):
        return
    names = tuple(allowed)
    for key_node, _ in root.value:
        if key_node.value not in names:
            raise DataError(
                f"unknown key '{excerpt(key_node.value)[1:-1]}'",
                path=path,
                line=key_node.start_mark.line + 1,
                hint=f"the keys are {', '.join(names)}; check the spelling",
            )


def read_entries(path: str | Path, section: str | None = None) -> list[Entry]:
    p = Path(path)
    return parse_entries(read_text(p), str(p), section)


def check_keys(entry: Entry, allowed: Iterable[str]) -> None:
    """Refuse a key the entry's reader does not know (a misspelling is never ignored)."""
    names = tuple(allowed)
    for key in entry.values:
        if key not in names:
            raise entry.error(
                f"unknown key '{excerpt(key)[1:-1]}'",
                key,
                hint=f"the keys are {', '.join(names)}; check the spelling",
            )


def require_str(entry: Entry, key: str, *, allow_empty: bool = False) -> str:
    value = entry.values.get(key)
    if value is None:
        raise entry.error(f"the entry has no '{key}'", hint=f"add '{key}:' to the entry")
    if not isinstance(value, str) or (not allow_empty and not value.strip()):
        raise entry.error(
            f"'{key}' must be a non-empty text, got {excerpt(value)}",
            key,
            hint=f"write it as {key}: some text",
        )
    return value.strip()


def optional_list(entry: Entry, key: str) -> list[str]:
    value = entry.values.get(key, [])
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise entry.error(
            f"'{key}' must be a list of texts, like [a, b], got {excerpt(value)}",
            key,
            hint=f"write it as {key}: [a, b], or leave it out",
        )
    return [v.strip() for v in value]

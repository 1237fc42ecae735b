"""Read curated YAML data (glossary, overrides) keeping the line of every entry and field.

Only this module and ``load``/``write`` read files. Errors name ``file:line``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import DataError


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
        return DataError(message, path=self.path, line=self.line_of(key) if key else self.line,
                         hint=hint)


def plain(node: yaml.Node) -> Any:
    """The Python value of a composed node (an empty value is ``None``)."""
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_document(node)
    finally:
        loader.dispose()


def compose(text: str, path: str) -> yaml.Node | None:
    """The YAML node tree of ``text`` (marks give lines); a syntax error names its line."""
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise DataError(
            f"this is not valid YAML: {getattr(err, 'problem', err)}",
            path=path,
            line=mark.line + 1 if mark else 1,
            hint="fix the YAML syntax (indentation, quotes, a missing colon)",
        ) from None


def parse_entries(text: str, path: str, section: str | None = None) -> list[Entry]:
    """Parse a YAML list of mappings (or the list under ``section`` of a top-level mapping)."""
    root = compose(text, path)
    if root is None:
        return []
    if section is not None:
        if not isinstance(root, yaml.MappingNode):
            raise DataError("expected a mapping at the top", path=path, line=1)
        found = [v for k, v in root.value if k.value == section]
        if not found:
            return []
        root = found[0]
    if not isinstance(root, yaml.SequenceNode):
        raise DataError(
            "expected a list of entries (lines starting with '- ')",
            path=path,
            line=root.start_mark.line + 1,
        )
    entries: list[Entry] = []
    for item in root.value:
        line = item.start_mark.line + 1
        if not isinstance(item, yaml.MappingNode):
            raise DataError("each entry must be a mapping of keys to values", path=path, line=line)
        values: dict[str, Any] = {}
        lines: dict[str, int] = {}
        for key_node, value_node in item.value:
            key = key_node.value
            if key in values:
                raise DataError(f"the key '{key}' is given twice in this entry", path=path,
                                line=key_node.start_mark.line + 1)
            values[key] = plain(value_node)
            lines[key] = key_node.start_mark.line + 1
        entries.append(Entry(path, line, values, lines))
    return entries


def read_entries(path: str | Path, section: str | None = None) -> list[Entry]:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError("no such file", path=p, hint="restore it from git") from None
    except UnicodeDecodeError as err:
        raise DataError(f"not UTF-8 ({err.reason})", path=p, hint="save the file as UTF-8") from None
    return parse_entries(text, str(p), section)


def require_str(entry: Entry, key: str, *, allow_empty: bool = False) -> str:
    value = entry.values.get(key)
    if value is None:
        raise entry.error(f"the entry has no '{key}'", hint=f"add '{key}:' to the entry")
    if not isinstance(value, str) or (not allow_empty and not value.strip()):
        raise entry.error(f"'{key}' must be a non-empty text", key)
    return value.strip()


def optional_list(entry: Entry, key: str) -> list[str]:
    value = entry.values.get(key, [])
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise entry.error(f"'{key}' must be a list of texts, like [a, b]", key)
    return [v.strip() for v in value]

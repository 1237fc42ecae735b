"""A library's config, ``library.yml``: what ``gov-report library`` builds.

    title:                       # the library's name, in both scripts
      zh-Hans: 深圳、广东和国务院政府工作报告文库
      zh-Hant: 深圳、廣東和國務院政府工作報告文庫
    reports:                     # folders, relative to this file: each a report folder
      - reports                  # (sources/NAME.raw.txt + sources/NAME.yml, as `gov-report
      - ..                       # new` makes) or a folder of report folders
    indicators: indicators.yml   # which figures are the same quantity (else none)
    issuers:                     # an issuer's address in the library (else its pinyin)
      国务院: guowuyuan

Errors name ``file:line``. The report folders may lie outside the library's folder (``..``: a
report project that lives beside it); the file is the maintainer's, read as data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import DataError
from ..paths import LIBRARY_CONFIG, SCRIPTS, Script
from .reader import compose, excerpt, plain, read_text

KEYS = ("title", "reports", "indicators", "issuers")
#: an issuer's address: lower-case ASCII letters, digits and inner hyphens
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True, slots=True)
class LibraryConfig:
    """What a library's maintainer wrote in ``library.yml``."""

    #: the config file
    path: Path
    title: dict[Script, str]
    #: the folders named under ``reports:``, as paths (relative to the config's folder)
    reports: tuple[Path, ...]
    #: their lines in the config, for messages
    report_lines: tuple[int, ...] = ()
    indicators: Path | None = None
    #: issuer (as the reports name it) -> its address in the library
    issuers: dict[str, str] = field(default_factory=dict)

    @property
    def root(self) -> Path:
        return self.path.parent


def _mapping(node: yaml.Node | None, path: str, what: str, hint: str) -> list[tuple[yaml.Node, yaml.Node]]:
    if not isinstance(node, yaml.MappingNode):
        line = node.start_mark.line + 1 if node is not None else 1
        raise DataError(f"{what} must be a mapping of keys to values", path=path, line=line, hint=hint)
    return list(node.value)


def _text(node: yaml.Node, path: str, key: str) -> str:
    value = plain(node)
    if not isinstance(value, str) or not value.strip():
        raise DataError(
            f"'{key}' must be a non-empty text, got {excerpt(value)}",
            path=path,
            line=node.start_mark.line + 1,
            hint=f"write it as {key}: …",
        )
    return value.strip()


def _title(node: yaml.Node, path: str) -> dict[Script, str]:
    hint = "give the title in both scripts, on lines 'zh-Hans: …' and 'zh-Hant: …' under 'title:'"
    title: dict[Script, str] = {}
    for key_node, value_node in _mapping(node, path, "'title'", hint):
        key = str(key_node.value)
        script = next((s for s in SCRIPTS if s == key), None)
        if script is None:
            raise DataError(
                f"unknown script '{excerpt(key)[1:-1]}' under 'title'",
                path=path,
                line=key_node.start_mark.line + 1,
                hint=hint,
            )
        title[script] = _text(value_node, path, f"title: {key}")
    missing = [s for s in SCRIPTS if s not in title]
    if missing:
        raise DataError(
            f"the title has no {' or '.join(missing)}", path=path, line=node.start_mark.line + 1, hint=hint
        )
    return title


def _reports(node: yaml.Node, path: str) -> tuple[tuple[Path, ...], tuple[int, ...]]:
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    folders, lines = [], []
    for item in items:
        folders.append(Path(_text(item, path, "reports")))
        lines.append(item.start_mark.line + 1)
    if not folders:
        raise DataError(
            "'reports' names no folder",
            path=path,
            line=node.start_mark.line + 1,
            hint="list the folders that hold the reports, e.g. reports: [reports]",
        )
    return tuple(folders), tuple(lines)


def _issuers(node: yaml.Node, path: str) -> dict[str, str]:
    hint = "write one line per issuer: '国务院: guowuyuan' (lower-case letters, digits, hyphens)"
    out: dict[str, str] = {}
    for key_node, value_node in _mapping(node, path, "'issuers'", hint):
        issuer = _text(key_node, path, "issuers")
        slug = _text(value_node, path, issuer)
        if not _SLUG.match(slug):
            raise DataError(
                f"the address {excerpt(slug)} of {excerpt(issuer)} is not lower-case ASCII",
                path=path,
                line=value_node.start_mark.line + 1,
                hint=hint,
            )
        out[issuer] = slug
    return out


def parse(text: str, path: Path) -> LibraryConfig:
    """Validate a library's config: a mapping with ``title`` and ``reports``."""
    where = str(path)
    root = compose(text, where)
    hint = f"see the layout in {LIBRARY_CONFIG} of the demonstration library (library/)"
    values: dict[str, yaml.Node] = {}
    for key_node, value_node in _mapping(root, where, "the library's config", hint):
        key = str(key_node.value)
        if key not in KEYS:
            raise DataError(
                f"unknown key '{excerpt(key)[1:-1]}'",
                path=where,
                line=key_node.start_mark.line + 1,
                hint=f"the keys are {', '.join(KEYS)}; check the spelling",
            )
        values[key] = value_node
    for key in ("title", "reports"):
        if key not in values:
            raise DataError(f"the library's config has no '{key}'", path=where, line=1, hint=hint)
    folders, lines = _reports(values["reports"], where)
    indicators = values.get("indicators")
    return LibraryConfig(
        path=path,
        title=_title(values["title"], where),
        reports=folders,
        report_lines=lines,
        indicators=Path(_text(indicators, where, "indicators")) if indicators is not None else None,
        issuers=_issuers(values["issuers"], where) if "issuers" in values else {},
    )


def read_library(folder: str | Path) -> LibraryConfig:
    """The config of the library in ``folder``."""
    path = Path(folder) / LIBRARY_CONFIG
    if not path.is_file():
        raise DataError(
            f"no {LIBRARY_CONFIG} here: this is not a library folder",
            path=folder,
            hint="run the command in a library folder (or pass -C FOLDER); start one from a "
            "folder of raw reports with `gov-report library new FOLDER LIBRARY`",
        )
    return parse(read_text(path), path)

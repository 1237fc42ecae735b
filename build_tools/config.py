"""Per-report configuration: an optional YAML file next to the raw report.

For ``sources/foo.raw.txt`` (or ``sources/foo.txt``) the config is ``sources/foo.yml``. Every
key is optional; a report whose text says enough (its title line, the page's metadata) needs
no config at all::

    title: 天河区人民政府关于2020年法治政府建设情况的报告   # else: the report's title line
    issuer: 广州市天河区人民政府                           # else: read off the title (…关于…)
    published: 2021-03-30                                 # else: the page's 发布时间
    source_office: 区司法局                               # else: the page's 来源
    source_script: zh-Hans      # zh-Hans | zh-Hant; else detected from the text
    variant: s2hk               # s2tw | s2hk | s2t: the Traditional text (else s2tw)
    glossary: foo.glossary.yml  # curated glossary for this report (else none)
    overrides: overrides.yml    # conversion corrections (else sources/overrides.yml)

A value given here wins over what the page says (the maintainer wrote it on purpose). Paths
are relative to the config file. Errors name ``file:line`` of the offending key.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import yaml

from .curated import compose, excerpt, plain, read_text
from .errors import DataError
from .model import SCRIPTS, Line, Meta, Script
from .script import VARIANTS, Variant

#: the Meta fields a config may set, in the order of the docstring
META_KEYS = ("title", "issuer", "published", "source_office")
KEYS = (*META_KEYS, "source_script", "variant", "glossary", "overrides")

# 2021-03-30, 2021-3-30 09:28, 2021-03-30 09:28:00 (the page's own form) or 2021年3月30日.
_PUBLISHED = re.compile(
    r"^\d{4}-\d{1,2}-\d{1,2}( \d{1,2}:\d{2}(:\d{2})?)?$|^\d{4}年\d{1,2}月\d{1,2}日$"
)


class Converter(Protocol):
    def convert(self, text: str) -> str: ...


@dataclass(frozen=True, slots=True)
class ReportConfig:
    """What a maintainer said about one report; empty values mean "take it from the text"."""

    #: the config file, or ``""`` when the report has none
    path: str = ""
    title: str = ""
    issuer: str = ""
    published: str = ""
    source_office: str = ""
    source_script: Script | None = None
    variant: Variant | None = None
    glossary: Path | None = None
    overrides: Path | None = None


def path_for(source: str | Path) -> Path:
    """``sources/foo.raw.txt`` → ``sources/foo.yml`` (the extension and a ``.raw`` dropped)."""
    p = Path(source)
    stem = p.stem.removesuffix(".raw") or p.stem
    return p.with_name(f"{stem}.yml")


def load_for(source: str | Path) -> ReportConfig:
    """The config next to ``source``, or an empty one when there is none."""
    path = path_for(source)
    if not path.exists():
        return ReportConfig()
    return parse(read_text(path), str(path))


def parse(text: str, path: str) -> ReportConfig:
    """Validate a config's text: a mapping of known keys to values of the right kind."""
    root = compose(text, path)
    if root is None:
        return ReportConfig(path=path)
    if not isinstance(root, yaml.MappingNode):
        raise DataError("expected a mapping of keys to values (lines like 'title: …')",
                        path=path, line=root.start_mark.line + 1,
                        hint=f"use some of the keys {', '.join(KEYS)}")
    values: dict[str, object] = {}
    seen: dict[str, int] = {}
    for key_node, value_node in root.value:
        key, line = str(key_node.value), key_node.start_mark.line + 1
        if key not in KEYS:
            raise DataError(f"unknown key '{key}'", path=path, line=line,
                            hint=f"the keys are {', '.join(KEYS)}; check the spelling")
        if key in seen:
            raise DataError(f"the key '{key}' is given twice (first at line {seen[key]})",
                            path=path, line=line, hint="keep one of them")
        seen[key] = line
        values[key] = _value(key, plain(value_node), path, line)
    return ReportConfig(path=path, **values)  # type: ignore[arg-type]


def _value(key: str, value: object, path: str, line: int) -> object:
    def bad(what: str, hint: str) -> DataError:
        return DataError(f"'{key}' {what}, got {excerpt(value)}", path=path, line=line,
                         hint=hint)

    if key in ("glossary", "overrides"):
        if not isinstance(value, str) or not value.strip():
            raise bad("must be a file name", "give a path relative to this config file")
        return _confined(key, value.strip(), path, line)
    if not isinstance(value, str) or not value.strip():
        raise bad("must be a non-empty text", f"write it as {key}: … or remove the line")
    text = value.strip()
    if key == "source_script" and text not in SCRIPTS:
        raise bad(f"must be one of {', '.join(SCRIPTS)}",
                  "zh-Hans for Simplified source text, zh-Hant for Traditional")
    if key == "variant" and text not in VARIANTS:
        raise bad(f"must be one of {', '.join(VARIANTS)}",
                  "s2tw for Taiwan, s2hk for Hong Kong, s2t for OpenCC's standard characters")
    if key == "published" and not _real_date(text):
        raise bad("is not a date", "write a real date as 2021-03-30 (or 2021-03-30 09:28:00)")
    return text


def _real_date(text: str) -> bool:
    """``2021-03-30`` (with an optional time) or ``2021年3月30日``, and a day that exists."""
    m = _PUBLISHED.match(text)
    if not m:
        return False
    y, mo, d = (int(n) for n in re.findall(r"\d+", text)[:3])
    try:
        datetime.date(y, mo, d)
    except ValueError:
        return False
    clock = [int(n) for n in re.findall(r"\d+", text)[3:]]
    return all(n < limit for n, limit in zip(clock, (24, 60, 60), strict=False))


def _confined(key: str, value: str, path: str, line: int) -> Path:
    """A file the config names: inside the config's folder, and existing."""
    folder = Path(path).resolve().parent
    target = (folder / value).resolve()
    if not target.is_relative_to(folder):
        raise DataError(f"'{key}' names a file outside this config's folder: {excerpt(value)}",
                        path=path, line=line,
                        hint="put the file beside the config (or below it) and name it "
                        "relative to the config")
    if not target.is_file():
        raise DataError(f"'{key}' names {excerpt(value)}, which does not exist", path=path,
                        line=line, hint="give a path relative to this config file")
    return target


def apply(meta: Meta, report: ReportConfig) -> Meta:
    """The page's metadata with the config's values on top."""
    given = {key: getattr(report, key) for key in META_KEYS if getattr(report, key)}
    if report.source_script:
        given["source_script"] = report.source_script
    return dataclasses.replace(meta, **given)


def detect_script(lines: Iterable[Line], to_hans: Converter, to_hant: Converter) -> Script:
    """Which script the text is written in: the side with more characters that only it has.

    A character is Traditional-only when the Traditional→Simplified converter changes it, and
    Simplified-only when the Simplified→Traditional one does. Most characters are shared; a
    few hundred lines give thousands of telling ones. A tie (no telling character at all)
    counts as Simplified, which needs no conversion to be correct.
    """
    counts = Counter(c for line in lines for c in line.text if ord(c) > 0x2E7F)
    traditional = sum(n for c, n in counts.items() if to_hans.convert(c) != c)
    simplified = sum(n for c, n in counts.items() if to_hant.convert(c) != c)
    return "zh-Hant" if traditional > simplified else "zh-Hans"

"""Per-report configuration: an optional YAML file next to the raw report.

For ``sources/foo.raw.txt`` (or ``sources/foo.txt``) the config is ``sources/foo.yml``. Every
key is optional; a report whose text says enough (its title line, the page's metadata) needs
no config at all::

    title: 天河区人民政府关于2020年法治政府建设情况的报告   # else: the report's title line
    short_title: 天河区2020年法治政府建设情况报告           # the site's name; else the title
                                                          # (a work report's: its byline)
    issuer: 广州市天河区人民政府                           # else: read off the title (…关于…)
                                                          # or the text (我代表…人民政府)
    published: 2021-03-30                                 # else: the page's 发布时间
    source_office: 区司法局                               # else: the page's 来源
    source_script: zh-Hans      # zh-Hans | zh-Hant; else detected from the text
    variant: s2hk               # s2tw | s2hk | s2t: the Traditional text (else s2tw)
    quotes: curly               # corner 「」『』 | curly “”‘’: the Traditional text's
                                # quotation marks (else corner for s2tw, curly otherwise)
    glossary: foo.glossary.yml  # curated glossary for this report (else none)
    figures: foo.figures.yml    # labels of key figures and the charts (else none)
    search_words: words.txt     # words search keeps whole, one a line (else none)
    reader_words: reader.yml    # readers' words -> the report's, for the search (else none)
    overrides: overrides.yml    # conversion corrections (else the tool's own table)
    original_publisher: 广州市人民政府  # who published the report (else the notes say only
                                      # what the raw file shows)
    original_url: https://…     # the original's address, where known
    copied_from: 第三方网站      # where the raw file's copy was taken from ("从…抓取")
    copy_url: https://…         # that copy's address, where known
    year: 2018                  # the year the report is of, in a library of reports (else
                                # the year its title names, else the one its text gives)

A value given here wins over what the page says (the maintainer wrote it on purpose). Paths
are relative to the config file and stay inside its folder. Errors name ``file:line`` of the
offending key.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import DataError
from ..paths import SCRIPTS, config_for
from ..text.model import Given
from ..text.script import QUOTES, VARIANTS, Quotes, Variant
from .reader import compose, excerpt, plain, read_text

#: the keys that say what the page does not (or says wrongly), in the order of the docstring
GIVEN_KEYS = ("title", "short_title", "issuer", "published", "source_office")
FILE_KEYS = ("glossary", "figures", "search_words", "reader_words", "overrides")
#: where the raw file came from, as the editorial notes state it (every key optional)
PROVENANCE_KEYS = ("original_publisher", "original_url", "copied_from", "copy_url")
KEYS = (*GIVEN_KEYS, "source_script", "variant", "quotes", *FILE_KEYS, *PROVENANCE_KEYS, "year")
#: the years a report's ``year:`` may name
YEARS = range(1949, 2200)

# An address the notes may print and link: http(s), no spaces, quotes or angle brackets.
_URL = re.compile(r"^https?://[^\s\"'<>]+$")
# 2021-03-30, 2021-3-30 09:28, 2021-03-30 09:28:00 (the page's own form) or 2021年3月30日.
_PUBLISHED = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}( \d{1,2}:\d{2}(:\d{2})?)?$|^\d{4}年\d{1,2}月\d{1,2}日$")


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where the raw file came from, as its maintainer states it; empty: not known."""

    #: who published the report (广州市人民政府)
    original_publisher: str = ""
    #: the original page's address
    original_url: str = ""
    #: where the raw file's copy was taken from (第三方网站)
    copied_from: str = ""
    #: that copy's address
    copy_url: str = ""


@dataclass(frozen=True, slots=True)
class ReportConfig:
    """What a maintainer said about one report; empty values mean "take it from the text"."""

    #: the config file, or ``""`` when the report has none
    path: str = ""
    #: what the text stages take from the config: title, short_title, issuer, published,
    #: source_office, source_script
    given: Given = field(default_factory=Given)
    variant: Variant | None = None
    quotes: Quotes | None = None
    glossary: Path | None = None
    figures: Path | None = None
    search_words: Path | None = None
    reader_words: Path | None = None
    overrides: Path | None = None
    provenance: Provenance = field(default_factory=Provenance)
    #: the year the report is of (a library's address for it, ``/<issuer>/<year>/``)
    year: int | None = None


def load_for(source: str | Path) -> ReportConfig:
    """The config next to ``source``, or an empty one when there is none."""
    path = config_for(source)
    if not path.exists():
        return ReportConfig()
    return parse(read_text(path), str(path))


def parse(text: str, path: str) -> ReportConfig:
    """Validate a config's text: a mapping of known keys to values of the right kind."""
    root = compose(text, path)
    if root is None:
        return ReportConfig(path=path)
    if not isinstance(root, yaml.MappingNode):
        raise DataError(
            "expected a mapping of keys to values (lines like 'title: …')",
            path=path,
            line=root.start_mark.line + 1,
            hint=f"use some of the keys {', '.join(KEYS)}",
        )
    values: dict[str, object] = {}
    seen: dict[str, int] = {}
    for key_node, value_node in root.value:
        key, line = str(key_node.value), key_node.start_mark.line + 1
        if key not in KEYS:
            raise DataError(
                f"unknown key '{excerpt(key)[1:-1]}'",
                path=path,
                line=line,
                hint=f"the keys are {', '.join(KEYS)}; check the spelling",
            )
        if key in seen:
            raise DataError(
                f"the key '{key}' is given twice (first at line {seen[key]})",
                path=path,
                line=line,
                hint="keep one of them",
            )
        seen[key] = line
        values[key] = _value(key, plain(value_node), path, line)
    given = Given(
        **{
            k: v
            for k, v in values.items()  # type: ignore[arg-type]
            if k in (*GIVEN_KEYS, "source_script")
        }
    )
    provenance = Provenance(**{k: v for k, v in values.items() if k in PROVENANCE_KEYS})  # type: ignore[arg-type]
    rest = {k: v for k, v in values.items() if k not in (*GIVEN_KEYS, "source_script", *PROVENANCE_KEYS)}
    return ReportConfig(path, given, **rest, provenance=provenance)  # type: ignore[arg-type]


def _value(key: str, value: object, path: str, line: int) -> object:
    def bad(what: str, hint: str) -> DataError:
        return DataError(f"'{key}' {what}, got {excerpt(value)}", path=path, line=line, hint=hint)

    if key == "year":
        # a plain number; True is an int to Python, never a year
        if not isinstance(value, int) or isinstance(value, bool) or value not in YEARS:
            raise bad("must be a year", "write it as year: 2018 (the year the report is of)")
        return value
    if key in FILE_KEYS:
        if not isinstance(value, str) or not value.strip():
            raise bad("must be a file name", "give a path relative to this config file")
        return _confined(key, value.strip(), path, line)
    if not isinstance(value, str) or not value.strip():
        raise bad("must be a non-empty text", f"write it as {key}: … or remove the line")
    text = value.strip()
    if key == "source_script" and text not in SCRIPTS:
        raise bad(
            f"must be one of {', '.join(SCRIPTS)}",
            "zh-Hans for Simplified source text, zh-Hant for Traditional",
        )
    if key == "variant" and text not in VARIANTS:
        raise bad(
            f"must be one of {', '.join(VARIANTS)}",
            "s2tw for Taiwan, s2hk for Hong Kong, s2t for OpenCC's standard characters",
        )
    if key == "quotes" and text not in QUOTES:
        raise bad(
            f"must be one of {', '.join(QUOTES)}",
            "corner for Taiwan's 「」『』, curly to keep the Simplified text's “” ‘’",
        )
    if key.endswith("_url") and not _URL.match(text):
        raise bad("is not a web address", "write the full address, starting with https:// or http://")
    if key == "published" and not real_date(text):
        raise bad("is not a date", "write a real date as 2021-03-30 (or 2021-03-30 09:28:00)")
    return text


def real_date(text: str) -> bool:
    """``2021-03-30`` (with an optional time) or ``2021年3月30日``, and a day that exists."""
    if not _PUBLISHED.match(text):
        return False
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    try:
        datetime.date(*numbers[:3])
    except ValueError:
        return False
    return all(n < limit for n, limit in zip(numbers[3:], (24, 60, 60), strict=False))


def _confined(key: str, value: str, path: str, line: int) -> Path:
    """A file the config names: inside the config's folder, and existing."""
    folder = Path(path).resolve().parent
    target = (folder / value).resolve()
    if not target.is_relative_to(folder):
        raise DataError(
            f"'{key}' names a file outside this config's folder: {excerpt(value)}",
            path=path,
            line=line,
            hint="put the file beside the config (or below it) and name it relative to the config",
        )
    if target.is_dir():
        raise DataError(
            f"'{key}' names {excerpt(value)}, which is a folder, not a file",
            path=path,
            line=line,
            hint="name the YAML file in that folder",
        )
    if not target.is_file():
        raise DataError(
            f"'{key}' names {excerpt(value)}, which does not exist",
            path=path,
            line=line,
            hint="give a path relative to this config file",
        )
    return Path(path).parent / value  # as the maintainer wrote it, for messages
